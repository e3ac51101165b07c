package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An API key never goes over cleartext to another host unless the builder is told it may. */
class CleartextKeyTest {
  private static final String KEY = "secret-key-4711";

  @Test
  void genaiModelRefusesAKeyOverHttpToAnotherHost() {
    assertThatThrownBy(
            () ->
                GenaiModel.builder()
                    .model("gemini-2.5-flash")
                    .apiKey(KEY)
                    .baseUrl("http://gemini.internal.example:8080")
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://gemini.internal.example:8080")
        .hasMessageContaining("allowCleartext()")
        .message()
        .doesNotContain(KEY);
  }

  @Test
  void genaiModelSendsAKeyOverHttpToLoopbackOrWhenAllowed() {
    try (GenaiModel local =
            GenaiModel.builder()
                .model("gemini-2.5-flash")
                .apiKey(KEY)
                .baseUrl("http://127.0.0.1:8080")
                .build();
        GenaiModel trusted =
            GenaiModel.builder()
                .model("gemini-2.5-flash")
                .apiKey(KEY)
                .baseUrl("http://gemini.internal.example:8080")
                .allowCleartext()
                .build()) {
      assertThat(local.toString()).contains("127.0.0.1");
      assertThat(trusted.toString()).contains("gemini.internal.example");
    }
  }

  @Test
  void liveApiRefusesAKeyOverWsToAnotherHost() {
    assertThatThrownBy(
            () -> LiveApiProcessor.builder().apiKey(KEY).baseUrl("ws://live.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ws://live.example.com")
        .hasMessageContaining("allowCleartext()")
        .message()
        .doesNotContain(KEY);
    assertThatThrownBy(
            () -> LiveApiProcessor.builder().apiKey(KEY).baseUrl("http://live.example.com").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://live.example.com");
  }

  @Test
  void liveApiSendsAKeyOverWsToLoopbackOrWhenAllowedAndNeedsNoTlsWithoutAKey() {
    assertThat(LiveApiProcessor.builder().apiKey(KEY).baseUrl("ws://localhost:9000").build())
        .isNotNull();
    assertThat(LiveApiProcessor.builder().apiKey(KEY).baseUrl("ws://[::1]:9000").build())
        .isNotNull();
    assertThat(
            LiveApiProcessor.builder()
                .apiKey(KEY)
                .baseUrl("ws://live.example.com")
                .allowCleartext()
                .build())
        .isNotNull();
    assertThat(LiveApiProcessor.builder().baseUrl("ws://live.example.com").build()).isNotNull();
    assertThat(LiveApiProcessor.builder().apiKey(KEY).build()).isNotNull(); // wss:// default
  }
}
