package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stage that waits on purpose (pacing audio, debouncing) on the metrics' clock has that time
 * counted as waiting, not as processing; its time to first output still includes it.
 */
class PacingWaitTest {
  private static final long CHUNK = Duration.ofMillis(40).toNanos();

  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);

  /** Releases each part 40 ms after the previous one, working 1 ms on each. */
  private Processor pacer(Clock pacing) {
    return (PartStream in, dev.processors.core.PartSink out) -> {
      long next = pacing.nanoTime();
      for (ProcessorPart p : in) {
        next += CHUNK;
        pacing.sleepUntil(next);
        clock.advance(Duration.ofMillis(1)); // the work
        out.emit(p);
      }
    };
  }

  private StageSnapshot run(Processor stage) throws Exception {
    List<ProcessorPart> input =
        List.of(ProcessorPart.text("a"), ProcessorPart.text("b"), ProcessorPart.text("c"));
    try (ProcessorRun run = metrics.wrap("pacer", stage).start(input)) {
      for (int i = 0; i < input.size(); i++) {
        clock.awaitSleepers(1);
        clock.advanceToNextDeadline();
      }
      assertThat(run.toList()).hasSize(3);
    }
    return metrics.snapshot().stage("pacer").orElseThrow();
  }

  @Test
  void sleepsOnTheMetricsClockAreNotProcessingTime() throws Exception {
    StageSnapshot s = run(pacer(metrics.clock()));

    assertThat(s.processing().count()).isEqualTo(3);
    assertThat(s.processing().maxNanos() / 1e6).isBetween(0.99, 1.02);
    assertThat(s.firstOutput().p50Nanos() / 1e6).isBetween(40.0, 41.5); // waiting included
  }

  @Test
  void sleepsOnAnotherClockCannotBeToldFromWork() throws Exception {
    StageSnapshot s = run(pacer(clock));

    assertThat(s.processing().maxNanos() / 1e6).isGreaterThan(40.0);
  }

  /** A part processor that waits {@code waitMillis} on {@code pacing}, then works {@code work}. */
  private PartProcessor waitsThenWorks(Clock pacing, long waitMillis, long workMillis) {
    return (part, out) -> {
      pacing.sleepUntil(pacing.nanoTime() + Duration.ofMillis(waitMillis).toNanos());
      clock.advance(Duration.ofMillis(workMillis));
      out.emit(part);
    };
  }

  @Test
  void fusedPartProcessorsEachLoseTheirOwnWaitsAndNoOneElses() throws Exception {
    Clock pacing = metrics.clock();
    PartProcessor chain =
        metrics
            .wrap("first", waitsThenWorks(pacing, 10, 2))
            .andThen(metrics.wrap("second", waitsThenWorks(pacing, 20, 3)));

    try (ProcessorRun run = chain.start(List.of(ProcessorPart.text("x")))) {
      clock.advanceToNextDeadline();
      clock.advanceToNextDeadline();
      assertThat(run.toList()).hasSize(1);
    }

    MetricsSnapshot snapshot = metrics.snapshot();
    assertThat(snapshot.stage("first").orElseThrow().processing().maxNanos() / 1e6)
        .isBetween(1.99, 2.03);
    assertThat(snapshot.stage("second").orElseThrow().processing().maxNanos() / 1e6)
        .isBetween(2.99, 3.04);
  }
}
