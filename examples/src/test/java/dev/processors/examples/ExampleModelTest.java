package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.testkit.FakeTurn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExampleModelTest {
  private static final String SECRET = "sk-test-do-not-print-1234";

  @Test
  void choosesGeminiThenOpenAiThenTheOfflineFake() {
    try (ExampleModel gemini =
            ExampleModel.fromEnvironment(
                Map.of("GEMINI_API_KEY", SECRET, "OPENAI_API_KEY", SECRET), false);
        ExampleModel openAi =
            ExampleModel.fromEnvironment(Map.of("OPENAI_API_KEY", SECRET), false);
        ExampleModel offline = ExampleModel.fromEnvironment(Map.of("GEMINI_API_KEY", " "), false)) {
      assertThat(gemini.provider()).isEqualTo(ExampleModel.Provider.GEMINI);
      assertThat(openAi.provider()).isEqualTo(ExampleModel.Provider.OPENAI);
      assertThat(offline.provider()).isEqualTo(ExampleModel.Provider.SIMULATED);
      assertThat(gemini.description()).contains("gemini-2.5-flash").doesNotContain(SECRET);
      assertThat(openAi.description()).contains("gpt-4.1-mini").doesNotContain(SECRET);
      assertThat(offline.description()).contains("simulated model, offline");
    }
  }

  @Test
  void theOpenAiGuideIgnoresAGeminiKeyAndABaseUrlMeansAnOpenAiCompatibleServer() {
    try (ExampleModel guide = ExampleModel.fromEnvironment(Map.of("GEMINI_API_KEY", SECRET), true);
        ExampleModel local =
            ExampleModel.fromEnvironment(
                Map.of("OPENAI_BASE_URL", "http://127.0.0.1:11434/v1", "OPENAI_MODEL", "llama3.2"),
                false)) {
      assertThat(guide.isSimulated()).isTrue();
      // It must not tell a user who has set GEMINI_API_KEY to set GEMINI_API_KEY.
      assertThat(guide.description())
          .contains("ignores GEMINI_API_KEY")
          .doesNotContain("set GEMINI_API_KEY");
      assertThat(local.provider()).isEqualTo(ExampleModel.Provider.OPENAI);
      assertThat(local.description())
          .isEqualTo(
              "OpenAI-compatible server at http://127.0.0.1:11434/v1, model llama3.2"
                  + " (CHAT_COMPLETIONS)");
    }
  }

  @Test
  void aRefusedKeyBecomesOneClearLine() {
    try (ExampleModel models = ExampleModel.simulated()) {
      Processor model = models.model(ExampleModel.Settings.instruction(""));
      models.simulate(FakeTurn.httpError(401, "Incorrect API key provided"));
      Throwable failure = catchThrowable(() -> model.apply(List.of(ProcessorPart.text("hi"))));
      assertThat(failure).isInstanceOf(ProcessorException.class);
      String line = Failures.explain(failure, Failures.Service.OPENAI).getMessage();
      assertThat(line)
          .startsWith("OpenAI: the API key was refused (HTTP 401); check OPENAI_API_KEY")
          .contains("Incorrect API key provided")
          .doesNotContain("\n");
    }
  }

  @Test
  void anUnreachableServerBecomesOneClearLine() {
    try (ExampleModel models =
        ExampleModel.fromEnvironment(
            Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1/v1", "OPENAI_API_KEY", SECRET), false)) {
      Processor model = models.model(ExampleModel.Settings.instruction(""));
      String line =
          models
              .explain(catchThrowable(() -> model.apply(List.of(ProcessorPart.text("hi")))))
              .getMessage();
      assertThat(line)
          .startsWith("OpenAI: the service cannot be reached (")
          .contains("check the network or OPENAI_BASE_URL")
          .doesNotContain(SECRET);
    }
  }

  @Test
  void aGeminiFailureNamesGeminisVariablesNotOpenAis() {
    try (ExampleModel gemini =
        ExampleModel.fromEnvironment(Map.of("GEMINI_API_KEY", SECRET), false)) {
      String refused =
          gemini
              .explain(
                  new ProcessorException(
                      "model failed",
                      new dev.processors.model.AuthenticationException(
                          "gemini", "API key not valid", 400, null, null)))
              .getMessage();
      assertThat(refused)
          .startsWith("Gemini: the API key was refused (HTTP 400); check GEMINI_API_KEY")
          .doesNotContain("OPENAI")
          .doesNotContain(SECRET);
    }
  }
}
