package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelException;
import dev.processors.model.TransportException;
import dev.processors.model.TruncatedStreamException;
import dev.processors.testkit.Cut;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Through a provider's real SDK against its testkit fake: a success status whose answer is not all
 * there (cut cleanly before the provider's terminal event, an empty body, an HTML page) is a
 * dropped stream, retried without duplicating anything, and a typed {@link
 * TruncatedStreamException} when retries run out. A provider's test extends it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class IncompleteAnswerSuite {
  private static final List<String> DELTAS = List.of("The ", "sky ", "is ", "blue.");

  private FakeModelServer fake;

  /** Starts this provider's fake server. */
  protected abstract FakeModelServer startFake();

  /**
   * This provider's model against {@code baseUrl} with any API key, {@code retries} and {@code
   * readTimeout}.
   */
  protected abstract AutoCloseable buildModel(
      String baseUrl, RetryPolicy retries, Duration readTimeout);

  @BeforeEach
  void startServer() {
    fake = startFake();
  }

  @AfterEach
  void stopServer() {
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
    return Stream.of(
        Arguments.of("cut before the terminal event", cutClean),
        Arguments.of("empty body", empty),
        Arguments.of("text/html page", html));
  }

  private AutoCloseable model(int attempts) {
    return model(attempts, Duration.ofSeconds(20));
  }

  private AutoCloseable model(int attempts, Duration readTimeout) {
    return buildModel(
        fake.baseUrl(),
        RetryPolicy.builder()
            .maxAttempts(attempts)
            .initialDelay(Duration.ZERO)
            .maxDelay(Duration.ZERO)
            .jitter(0)
            .retryOn(t -> t instanceof ModelException e && e.retryable())
            .build(),
        readTimeout);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void anIncompleteAnswerIsRetriedAndTheWholeAnswerComesOnce(String fault, Supplier<FakeTurn> turn)
      throws Exception {
    fake.enqueue(turn.get(), FakeTurn.text(DELTAS.toArray(String[]::new)));
    try (AutoCloseable model = model(2)) {
      List<ProcessorPart> parts =
          ((Processor) model).apply(List.of(ProcessorPart.text("Colour of the sky?")));
      assertThat(ProcessorPart.textOf(parts)).isEqualTo("The sky is blue.");
      assertThat(parts).filteredOn(p -> p.isSignal(SignalKind.GENERATION_COMPLETE)).hasSize(1);
    }
    assertThat(fake.requests()).hasSize(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("faults")
  void whenRetriesRunOutAnIncompleteAnswerFailsTyped(String fault, Supplier<FakeTurn> turn)
      throws Exception {
    fake.enqueue(turn.get(), turn.get());
    try (AutoCloseable model = model(2)) {
      assertThatThrownBy(
              () -> ((Processor) model).apply(List.of(ProcessorPart.text("Colour of the sky?"))))
          .cause()
          .isInstanceOf(TruncatedStreamException.class)
          .satisfies(e -> assertThat(((ModelException) e).retryable()).isTrue());
    }
    assertThat(fake.requests()).hasSize(2);
  }

  /**
   * The read timeout of the stall tests: long enough that a first request on a loaded machine
   * (class loading, a cold JIT) never looks like a stall.
   */
  private static final Duration STALL_LIMIT = Duration.ofSeconds(3);

  private static FakeTurn halfThenStall() {
    FakeTurn.Builder b = FakeTurn.builder();
    DELTAS.subList(0, 2).forEach(b::text);
    return b.stall().build();
  }

  @Test
  void aStreamSilentForLongerThanTheReadTimeoutIsCutAndRetriedWithoutDuplicates() throws Exception {
    fake.enqueue(halfThenStall(), FakeTurn.text(DELTAS.toArray(String[]::new)));
    try (AutoCloseable model = model(2, STALL_LIMIT)) {
      List<ProcessorPart> parts =
          ((Processor) model).apply(List.of(ProcessorPart.text("Colour of the sky?")));
      assertThat(ProcessorPart.textOf(parts)).isEqualTo("The sky is blue.");
      assertThat(parts).filteredOn(p -> p.isSignal(SignalKind.GENERATION_COMPLETE)).hasSize(1);
    }
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void whenRetriesRunOutAStalledStreamFailsTypedNamingTheSilence() throws Exception {
    fake.enqueue(halfThenStall());
    try (AutoCloseable model = model(1, STALL_LIMIT)) {
      assertThatThrownBy(
              () -> ((Processor) model).apply(List.of(ProcessorPart.text("Colour of the sky?"))))
          .cause()
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("silent for 3000 ms")
          .satisfies(e -> assertThat(((ModelException) e).retryable()).isTrue());
    }
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void pausesShorterThanTheReadTimeoutDoNotCutAStreamLongerThanIt() throws Exception {
    // Three 1.2 s pauses: the stream lasts longer than the read timeout, no silence does.
    FakeTurn.Builder b = FakeTurn.builder().text(DELTAS.get(0));
    for (String delta : DELTAS.subList(1, DELTAS.size())) {
      b.stall(Duration.ofMillis(1200)).text(delta);
    }
    fake.enqueue(b.build());
    try (AutoCloseable model = model(1, STALL_LIMIT)) {
      List<ProcessorPart> parts =
          ((Processor) model).apply(List.of(ProcessorPart.text("Colour of the sky?")));
      assertThat(ProcessorPart.textOf(parts)).isEqualTo("The sky is blue.");
    }
    assertThat(fake.requests()).hasSize(1);
  }
}
