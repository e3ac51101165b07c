package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The same loop through the Gemini SDK: the seam works for any model processor. */
class GeminiSpecModelTest {

  @Test
  void aGeminiModelAnswersWithASpecAndGetsTheErrorBack() {
    try (FakeGeminiServer fake = FakeGeminiServer.start();
        SpecModel model =
            OperatorModels.gemini("gemini-2.5-flash", "test-key", Optional.of(fake.baseUrl()))) {
      fake.enqueue(
          FakeTurn.builder().json(Specs.AVERAGE_CEL.replace("0.0\"}", "0\"}"), 2).build(),
          FakeTurn.builder().json(Specs.AVERAGE_BUILTIN, 2).build());
      GeneratedOperator generated =
          OperatorGenerator.builder()
              .model(model)
              .backoff(java.time.Duration.ZERO, java.time.Duration.ZERO)
              .build()
              .generate("average price");
      assertThat(generated.attempts()).hasSize(2);
      assertThat(generated.attempts().get(0).error().orElseThrow())
          .contains("state.sum.initial `0` has type int; expected double");
      assertThat(generated.operator().spec().builtin()).isPresent();
      assertThat(fake.requests().get(0).json().at("/generationConfig/responseMimeType").asText())
          .isEqualTo("application/json");
      assertThat(fake.requests().get(1).body())
          .contains("state.sum.initial `0` has type int; expected double");
    }
  }
}
