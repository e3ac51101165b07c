package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Beside the since-start figures, each stage keeps its last N samples of each latency: how it does
 * now. On a virtual clock, a stage that gets slower shows it in the window at once while its
 * since-start median still says fast.
 */
class RecentWindowTest {
  private final VirtualClock clock = Clock.virtual();

  /** A stage that works the given milliseconds on successive parts, moving the virtual clock. */
  private PartProcessor working(long... millis) {
    Deque<Long> plan = new ArrayDeque<>();
    for (long m : millis) {
      plan.add(m);
    }
    PartProcessor stage =
        (part, out) -> {
          clock.advance(Duration.ofMillis(plan.remove()));
          out.emit(part);
        };
    return stage.named("model");
  }

  private StageSnapshot run(RealTimeMetrics metrics, long... millis) {
    List<ProcessorPart> input = new java.util.ArrayList<>();
    for (int i = 0; i < millis.length; i++) {
      input.add(ProcessorPart.text("part " + i));
    }
    try (ProcessorRun run = working(millis).start(input, metrics.runOptions())) {
      assertThat(run.toList()).hasSize(millis.length);
    }
    return metrics.snapshot().stage("model").orElseThrow();
  }

  @Test
  void aStageThatSlowsDownShowsItInItsLastSamplesAtOnce() {
    RealTimeMetrics metrics = RealTimeMetrics.builder().clock(clock).recentSamples(3).build();

    StageSnapshot s = run(metrics, 10, 10, 10, 10, 10, 50, 50, 50);

    assertThat(s.processing().count()).isEqualTo(8);
    assertThat(s.processing().p50Nanos() / 1e6).isBetween(10.0, 10.1);
    assertThat(s.recent().size()).isEqualTo(3);
    assertThat(s.recent().processing().count()).isEqualTo(3);
    assertThat(s.recent().processing().minNanos() / 1e6).isBetween(49.5, 50.5); // 1% buckets
    assertThat(s.recent().processing().p50Nanos() / 1e6).isBetween(50.0, 50.5);
  }

  @Test
  void beforeTheWindowFillsItHoldsEverySample() {
    RealTimeMetrics metrics = RealTimeMetrics.builder().clock(clock).recentSamples(5).build();

    StageSnapshot s = run(metrics, 20, 40);

    assertThat(s.recent().processing().count()).isEqualTo(2);
    assertThat(s.recent().processing().maxNanos() / 1e6).isBetween(40.0, 40.5);
    assertThat(s.recent().turnLatency().isEmpty()).isTrue();
  }

  @Test
  void theDefaultWindowIsTheLastThousandSamples() {
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);

    StageSnapshot s = run(metrics, 1);

    assertThat(s.recent().size()).isEqualTo(1000);
  }

  @Test
  void theWindowTravelsThroughTheJsonReport() {
    RealTimeMetrics metrics = RealTimeMetrics.builder().clock(clock).recentSamples(2).build();
    run(metrics, 5, 7, 9);
    MetricsSnapshot snapshot = metrics.snapshot();

    MetricsSnapshot back = MetricsSnapshot.fromJson(snapshot.toJson());

    assertThat(back).isEqualTo(snapshot);
    assertThat(snapshot.toJson()).containsPattern("\"recent\" : \\{\\s*\"samples\" : 2,");
  }

  @Test
  void aWindowOfNoSamplesIsRejectedNamingTheSetting() {
    assertThatThrownBy(() -> RealTimeMetrics.builder().recentSamples(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recentSamples must be 1..1000000, got 0");
  }
}
