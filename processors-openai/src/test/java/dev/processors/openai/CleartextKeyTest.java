package dev.processors.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An API key never goes over cleartext to another host unless the builder is told it may. */
class CleartextKeyTest {
  private static final String KEY = "sk-secret-4711";

  @Test
  void openAiModelRefusesAKeyOverHttpToAnotherHost() {
    assertThatThrownBy(
            () ->
                OpenAiModel.builder()
                    .model("gpt-4.1-mini")
                    .apiKey(KEY)
                    .baseUrl("http://proxy.example.com/v1")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://proxy.example.com/v1")
        .hasMessageContaining("allowCleartext()")
        .message()
        .doesNotContain(KEY);
  }

  @Test
  void openAiModelSendsAKeyOverHttpToLoopbackOrWhenAllowed() {
    try (OpenAiModel local =
            OpenAiModel.builder()
                .model("gpt-4.1-mini")
                .apiKey(KEY)
                .baseUrl("http://localhost:8080/v1")
                .build();
        OpenAiModel trusted =
            OpenAiModel.builder()
                .model("gpt-4.1-mini")
                .apiKey(KEY)
                .baseUrl("http://proxy.example.com/v1")
                .allowCleartext()
                .build()) {
      assertThat(local.toString()).contains("localhost");
      assertThat(trusted.toString()).contains("proxy.example.com");
    }
  }
}
