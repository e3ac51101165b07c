package dev.processors.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelException;
import dev.processors.model.TruncatedStreamException;
import dev.processors.testkit.Cut;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12, item 1, through the real OpenAI SDK against the testkit's fake server: a success status
 * whose answer is not all there (cut cleanly before {@code [DONE]} / {@code response.completed}, an
 * empty body, an HTML page) is a dropped stream, retried without duplicating anything, and a typed
 * {@link TruncatedStreamException} when retries run out.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CutStreamThroughFakeTest {
  private static final List<String> DELTAS = List.of("The ", "sky ", "is ", "blue.");

  private final FakeOpenAiServer fake = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  static Stream<Arguments> faults() {
    Supplier<FakeTurn> cutClean =
        () -> {
          FakeTurn.Builder b = FakeTurn.builder();
          // Half the answer, then the body ends cleanly at an event boundary.
          DELTAS.subList(0, 2).forEach(b::text);
          b.cut(Cut.CLEAN);
          DELTAS.subList(2, DELTAS.size()).forEach(b::text);
          return b.build();
        };
    Supplier<FakeTurn> empty = FakeTurn::emptyBody;
    Supplier<FakeTurn> html = FakeTurn::htmlPage;
    return Stream.of(OpenAiModel.Api.values())
        .flatMap(
            api ->
                Stream.of(
                    Arguments.of(api, "cut before the terminal event", cutClean),
                    Arguments.of(api, "empty body", empty),
                    Arguments.of(api, "text/html page", html)));
  }

  private OpenAiModel model(OpenAiModel.Api api, int attempts) {
    return OpenAiModel.builder()
        .model("gpt-4.1-mini")
        .api(api)
        .apiKey("sk-test")
        .baseUrl(fake.baseUrl())
        .retryPolicy(
            RetryPolicy.builder()
                .maxAttempts(attempts)
                .initialDelay(Duration.ZERO)
                .maxDelay(Duration.ZERO)
                .jitter(0)
                .retryOn(t -> t instanceof ModelException e && e.retryable())
                .build())
        .build();
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("faults")
  void anIncompleteAnswerIsRetriedAndTheWholeAnswerComesOnce(
      OpenAiModel.Api api, String fault, Supplier<FakeTurn> turn) throws Exception {
    fake.enqueue(turn.get(), FakeTurn.text(DELTAS.toArray(String[]::new)));
    try (OpenAiModel model = model(api, 2)) {
      List<ProcessorPart> parts = model.apply(List.of(ProcessorPart.text("Colour of the sky?")));
      assertThat(ProcessorPart.textOf(parts)).isEqualTo("The sky is blue.");
      assertThat(parts).filteredOn(p -> p.isSignal(SignalKind.GENERATION_COMPLETE)).hasSize(1);
    }
    assertThat(fake.requests()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("faults")
  void whenRetriesRunOutAnIncompleteAnswerFailsTyped(
      OpenAiModel.Api api, String fault, Supplier<FakeTurn> turn) {
    fake.enqueue(turn.get(), turn.get());
    try (OpenAiModel model = model(api, 2)) {
      assertThatThrownBy(() -> model.apply(List.of(ProcessorPart.text("Colour of the sky?"))))
          .cause()
          .isInstanceOf(TruncatedStreamException.class)
          .satisfies(e -> assertThat(((ModelException) e).retryable()).isTrue());
    }
    assertThat(fake.requests()).hasSize(2);
  }
}
