package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The live console prints one compact line per interval, on the metrics' clock. */
class LiveConsoleTest {
  private static final long MS = 1_000_000;
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);
  private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(100);

  private String nextLine() throws InterruptedException {
    String line = lines.poll(10, TimeUnit.SECONDS);
    assertThat(line).as("a line within 10 s of real time").isNotNull();
    return line;
  }

  /** Percentiles print as the upper end of the histogram's 1% bucket, e.g. 420 ms as 422 ms. */
  @Test
  void printsOneLinePerSecondWithIntervalPercentilesAndRates() throws Exception {
    StageMetrics pipeline = metrics.stage("pipeline");
    metrics.instrument(pipeline.name(), (in, out) -> {}); // marks it as a pipeline
    StageMetrics llm = metrics.stage("llm");
    StageMetrics tts = metrics.stage("tts");
    try (LiveConsole console = LiveConsole.start(metrics, lines::add)) {
      clock.awaitSleepers(1);
      for (int i = 1; i <= 100; i++) {
        llm.recordProcessing(i * MS);
        llm.recordOutput();
      }
      pipeline.recordTurn(420 * MS);
      pipeline.recordTurn(910 * MS);
      for (int i = 0; i < 48; i++) {
        pipeline.recordOutput();
      }
      clock.advance(Duration.ofSeconds(1));

      assertThat(nextLine())
          .isEqualTo(
              "[    1s] pipeline: turn p50 422 ms · p99 910 ms · 2 turns · 48 parts/s"
                  + " | llm: p50 50.1 ms · p99 99.1 ms · 100 parts/s"
                  + " | tts: idle | errors 0 · interruptions 0 · gaps 0");

      clock.awaitSleepers(1);
      llm.recordProcessing(7 * MS);
      llm.recordOutput();
      tts.recordError("IOException");
      clock.advance(Duration.ofSeconds(1));

      assertThat(nextLine())
          .as("the second line shows only the second interval of each stage")
          .isEqualTo(
              "[    2s] pipeline: turn p50 422 ms · p99 910 ms · 2 turns · 0.0 parts/s"
                  + " | llm: p50 7.01 ms · p99 7.01 ms · 1.0 parts/s"
                  + " | tts: idle | errors 1 · interruptions 0 · gaps 0");
      assertThat(console.failure()).isEmpty();
    }
  }

  @Test
  void ticksFollowADriftFreeScheduleAndSkipMissedOnes() throws Exception {
    try (LiveConsole console = LiveConsole.start(metrics, lines::add, Duration.ofMillis(500))) {
      clock.awaitSleepers(1);
      assertThat(clock.nextDeadline().orElseThrow()).isEqualTo(500 * MS);

      clock.advance(Duration.ofMillis(1700)); // past three ticks at once
      assertThat(nextLine()).startsWith("[    1s] no stages measured yet");
      clock.awaitSleepers(1);

      assertThat(lines).isEmpty();
      assertThat(clock.nextDeadline().orElseThrow()).isEqualTo(2000 * MS);
      assertThat(console.isAlive()).isTrue();
    }
  }

  @Test
  void closingEndsThePrintingThread() throws Exception {
    LiveConsole console = LiveConsole.start(metrics, lines::add);
    clock.awaitSleepers(1);

    console.close();
    console.close();

    assertThat(console.isAlive()).isFalse();
    assertThat(clock.sleepers()).isZero();
  }

  @Test
  void aFailingConsumerStopsTheConsoleAndIsReported() throws Exception {
    try (LiveConsole console =
        LiveConsole.start(
            metrics,
            line -> {
              throw new IllegalStateException("terminal gone");
            })) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofSeconds(1));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (console.failure().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(console.failure())
          .get()
          .extracting(Throwable::getMessage)
          .isEqualTo("terminal gone");
    }
  }

  @Test
  void oneBargeInThatEveryStageSawCountsOnce() throws Exception {
    StageMetrics pipeline = metrics.stage("agent");
    metrics.instrument(pipeline.name(), (in, out) -> {}); // marks it as a pipeline
    for (String name : List.of("vad", "model", "limiter")) {
      metrics.stage(name).recordInterruption();
    }
    pipeline.recordInterruption();
    try (LiveConsole console = LiveConsole.start(metrics, lines::add)) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(nextLine()).endsWith("errors 0 · interruptions 1 · gaps 0");
    }
    RealTimeMetrics stagesOnly = RealTimeMetrics.create(clock);
    stagesOnly.stage("model").recordInterruption();
    stagesOnly.stage("limiter").recordInterruption();
    try (LiveConsole console = LiveConsole.start(stagesOnly, line -> {})) {
      assertThat(console.line()).endsWith("interruptions 1 · gaps 0");
    }
  }

  @Test
  void theLineHasNoTerminalEscapeCodes() {
    metrics.stage("model").recordError("IOException");
    try (LiveConsole console = LiveConsole.start(metrics, line -> {})) {
      assertThat(console.line()).doesNotContain("\u001b").contains("errors 1");
    }
  }

  @Test
  void lineFormattingIsCompact() {
    Histogram h = StripedHistogram.newHistogram();
    h.recordValue(3 * MS);

    // percentiles are the upper end of the histogram's 1% bucket: never below the true value
    assertThat(ConsoleLine.stage("stt", h, 12.0))
        .isEqualTo("stt: p50 3.01 ms · p99 3.01 ms · 12 parts/s");
    assertThat(ConsoleLine.stage("stt", StripedHistogram.newHistogram(), 0)).isEqualTo("stt: idle");
    assertThat(ConsoleLine.pipeline("agent", StripedHistogram.newHistogram(), 3))
        .isEqualTo("agent: no turn yet · 3.0 parts/s");
    assertThat(ConsoleLine.pipeline("agent", h, 3))
        .isEqualTo("agent: turn p50 3.01 ms · p99 3.01 ms · 1 turn · 3.0 parts/s");
    assertThat(ConsoleLine.join(61_500 * MS, List.of("a", "b"), 2, 1, 0))
        .isEqualTo("[   61s] a | b | errors 2 · interruptions 1 · gaps 0");
  }

  @Test
  void badIntervalIsRejected() {
    assertThatThrownBy(() -> LiveConsole.start(metrics, lines::add, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("interval");
  }
}
