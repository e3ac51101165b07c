package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Throughput is a rate over a sliding window on the metrics' clock. */
class ThroughputWindowTest {
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics =
      RealTimeMetrics.builder()
          .clock(clock)
          .throughputWindow(Duration.ofSeconds(5))
          .timelineBucket(Duration.ofSeconds(1))
          .timelineLength(20)
          .build();
  private final StageMetrics stage = metrics.stage("tts");

  /** Emits {@code perSecond} parts evenly over each of the next {@code seconds} seconds. */
  private void emit(int perSecond, int seconds) {
    long step = 1_000_000_000L / perSecond;
    for (int s = 0; s < seconds; s++) {
      for (int i = 0; i < perSecond; i++) {
        stage.recordOutput();
        clock.advance(Duration.ofNanos(step));
      }
    }
  }

  private double throughput() {
    return metrics.snapshot().stage("tts").orElseThrow().throughput();
  }

  @Test
  void steadyOutputGivesItsRate() {
    emit(50, 12);

    assertThat(throughput()).isCloseTo(50, within(1e-9));
  }

  @Test
  void windowForgetsPartsOlderThanItself() {
    emit(100, 6);
    emit(10, 6);

    assertThat(throughput()).isCloseTo(10, within(1e-9));
  }

  @Test
  void windowSlidesBucketByBucket() {
    emit(100, 5);
    emit(20, 2); // window now holds 3 s at 100/s and 2 s at 20/s, except the current bucket

    // at t = 7 s the window covers buckets 3..7: buckets 3, 4 (100 each), 5, 6 (20 each), 7 (empty)
    assertThat(throughput()).isCloseTo((100 + 100 + 20 + 20) / 4.0, within(1e-9));
  }

  @Test
  void earlyRateDividesByTheTimeElapsedOnly() {
    emit(40, 1);
    clock.advance(Duration.ofMillis(1000));

    // 40 parts in 2 s since the metrics started: not 40 over the whole 5 s window
    assertThat(throughput()).isCloseTo(20, within(1e-9));
  }

  @Test
  void silenceBringsThroughputToZero() {
    emit(30, 3);
    clock.advance(Duration.ofSeconds(6));

    assertThat(throughput()).isZero();
  }

  @Test
  void timelineKeepsOneCountPerBucketOldestFirst() {
    emit(10, 2);
    emit(25, 1);
    clock.advance(Duration.ofSeconds(1));
    emit(5, 1);

    Timeline t = metrics.snapshot().stage("tts").orElseThrow().timeline();

    assertThat(t.bucketNanos()).isEqualTo(1_000_000_000L);
    assertThat(t.startNanos()).isZero();
    assertThat(t.counts()).containsExactly(10L, 10L, 25L, 0L, 5L, 0L);
    assertThat(t.rateAt(2)).isEqualTo(25.0);
  }

  @Test
  void timelineKeepsOnlyItsLength() {
    emit(1, 30);

    Timeline t = metrics.snapshot().stage("tts").orElseThrow().timeline();

    assertThat(t.counts()).hasSize(20);
    assertThat(t.startNanos()).isEqualTo(11_000_000_000L);
    assertThat(t.counts().subList(0, 19)).allMatch(c -> c == 1L);
  }

  @Test
  void inputRateIsMeasuredAlongsideOutput() {
    for (int i = 0; i < 50; i++) {
      stage.recordInput();
      clock.advance(Duration.ofMillis(100));
    }

    StageSnapshot s = metrics.snapshot().stage("tts").orElseThrow();
    assertThat(s.inputRate()).isCloseTo(10, within(1e-9));
    assertThat(s.partsIn()).isEqualTo(50);
  }
}
