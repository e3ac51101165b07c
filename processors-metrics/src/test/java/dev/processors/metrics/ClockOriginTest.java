package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Metrics created on a clock that has been running for a while count from their own creation:
 * rates, timelines, uptime and latencies are the same as on a clock that starts at zero.
 */
class ClockOriginTest {
  private static final long MS = 1_000_000;
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics;

  ClockOriginTest() {
    clock.advance(Duration.ofSeconds(100)); // the process started long before the metrics
    metrics = RealTimeMetrics.create(clock);
  }

  private static List<ProcessorPart> fiveParts() {
    return List.of(
        ProcessorPart.text("a"),
        ProcessorPart.text("b"),
        ProcessorPart.text("c"),
        ProcessorPart.text("d"),
        ProcessorPart.text("e"));
  }

  private StageSnapshot oneSecondIn(String stage) {
    clock.advanceTo(clock.nanoTime() - clock.nanoTime() % (1000 * MS) + 1000 * MS);
    MetricsSnapshot snapshot = metrics.snapshot();
    assertThat(snapshot.uptimeNanos()).isEqualTo(1000 * MS);
    return snapshot.stage(stage).orElseThrow();
  }

  @Test
  void aMeasuredPartProcessorCountsItsPartsInTheMetricsOwnWindow() {
    PartProcessor upper =
        (part, out) -> {
          clock.advance(Duration.ofMillis(10));
          out.emit(part);
        };
    metrics.wrap("upper", upper).apply(fiveParts());

    StageSnapshot s = oneSecondIn("upper");

    assertThat(s.inputRate()).isCloseTo(5, within(1e-9));
    assertThat(s.throughput()).isCloseTo(5, within(1e-9));
    assertThat(s.timeline().counts()).containsExactly(5L, 0L);
    assertThat(s.firstOutput().maxNanos() / 1e6).isCloseTo(10, within(0.1));
    assertThat(s.processing().maxNanos() / 1e6).isCloseTo(10, within(0.1));
  }

  @Test
  void aMeasuredStreamProcessorCountsItsPartsInTheMetricsOwnWindow() {
    Processor echo =
        (in, out) -> {
          for (ProcessorPart p : in) {
            clock.advance(Duration.ofMillis(10));
            out.emit(p);
          }
        };
    metrics.wrap("echo", echo).apply(fiveParts());

    StageSnapshot s = oneSecondIn("echo");

    assertThat(s.inputRate()).isCloseTo(5, within(1e-9));
    assertThat(s.throughput()).isCloseTo(5, within(1e-9));
    assertThat(s.timeline().counts()).containsExactly(5L, 0L);
    assertThat(s.firstOutput().maxNanos() / 1e6).isCloseTo(10, within(0.1));
  }

  @Test
  void theFirstInputOpensATurnAtItsOwnTime() {
    Processor answerer =
        metrics.instrument(
            (in, out) -> {
              in.toList();
              clock.advance(Duration.ofMillis(300));
              out.emitText("answer");
            });

    answerer.apply("question");

    StageSnapshot s = oneSecondIn("pipeline");
    assertThat(s.turns()).isEqualTo(1);
    assertThat(s.turnLatency().maxNanos() / 1e6).isCloseTo(300, within(3.0));
  }
}
