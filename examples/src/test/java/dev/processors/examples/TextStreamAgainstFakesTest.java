package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.RetryPolicy;
import dev.processors.gemini.GenaiModel;
import dev.processors.model.RateLimitException;
import dev.processors.model.TextStream;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link TextStream} over the real SDKs, against the local fakes of their wire protocols. */
@Timeout(60)
class TextStreamAgainstFakesTest {

  @Test
  void geminisTextDeltasStreamWithoutItsThoughts() {
    try (FakeGeminiServer fake = FakeGeminiServer.start();
        GenaiModel model =
            GenaiModel.builder()
                .model("gemini-2.5-flash")
                .apiKey("test-key")
                .baseUrl(fake.baseUrl())
                .build()) {
      fake.enqueue(
          FakeTurn.builder()
              .thought("The user wants the weather.")
              .text("It is sunny")
              .text(" in Paris.")
              .usage(5, 4)
              .build());
      try (Stream<String> deltas = TextStream.of(model, "Weather in Paris?")) {
        assertThat(deltas).containsExactly("It is sunny", " in Paris.");
      }
    }
  }

  @Test
  void openAisRateLimitIsThrownAsRateLimitException() {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start();
        OpenAiModel model =
            OpenAiModel.builder()
                .model("gpt-4.1-mini")
                .apiKey("test-key")
                .baseUrl(fake.baseUrl())
                .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
                .build()) {
      fake.enqueue(FakeTurn.httpError(429, "slow down"));
      assertThatThrownBy(() -> TextStream.of(model, "hi").toList())
          .isInstanceOfSatisfying(
              RateLimitException.class, e -> assertThat(e.statusCode()).hasValue(429));
      fake.enqueue(FakeTurn.text("Hel", "lo"));
      assertThat(TextStream.of(model, "hi").toList()).containsExactly("Hel", "lo");
    }
  }
}
