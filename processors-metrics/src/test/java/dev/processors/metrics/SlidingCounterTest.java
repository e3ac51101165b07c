package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Events land in the bucket of their own time, at bucket edges and after the ring wraps. */
class SlidingCounterTest {
  private static final long S = 1_000_000_000L;

  @Test
  void anEventExactlyAtABucketEdgeBelongsToTheLaterBucket() {
    SlidingCounter c = new SlidingCounter(S, 8);
    c.add(S / 2, 1);
    c.add(S, 1);
    c.add(2 * S - 1, 1);

    assertThat(c.count(0)).isEqualTo(1);
    assertThat(c.count(1)).isEqualTo(2);
    assertThat(c.timeline(2 * S, 8)).containsExactly(1L, 2L, 0L);
  }

  @Test
  void aLateEventCountsInTheBucketOfItsOwnTime() {
    SlidingCounter c = new SlidingCounter(S, 8);
    c.add(5 * S + S / 5, 1);
    c.add(S / 2, 1); // recorded late by a thread that read the clock earlier

    assertThat(c.count(5)).isEqualTo(1);
    assertThat(c.count(0)).isEqualTo(1);
  }

  @Test
  void aBucketThatReusesASlotStartsFromItsOwnCount() {
    SlidingCounter c = new SlidingCounter(S, 4); // a ring of four slots
    c.add(S, 3);
    c.add(5 * S, 1); // the slot of bucket 1 now holds bucket 5

    assertThat(c.count(5)).isEqualTo(1);
  }

  @Test
  void anEventTooOldForTheRingDoesNotEraseANewerBucket() {
    SlidingCounter c = new SlidingCounter(S, 4);
    c.add(5 * S, 2);
    c.add(S, 1); // bucket 1 shares bucket 5's slot and is older: dropped

    assertThat(c.count(5)).isEqualTo(2);
  }

  @Test
  void anOutputAtTheMetricsOriginCounts() {
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    metrics.stage("tts").recordOutput(); // at exactly time 0 on the metrics' clock
    clock.advance(Duration.ofMillis(500));

    StageSnapshot s = metrics.snapshot().stage("tts").orElseThrow();

    assertThat(s.throughput()).isCloseTo(2.0, within(1e-9));
    assertThat(s.timeline().counts()).containsExactly(1L);
  }

  @Test
  void throughputStaysRightAfterTheRingOfBucketsWrapsManyTimes() {
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics metrics =
        RealTimeMetrics.builder()
            .clock(clock)
            .throughputWindow(Duration.ofSeconds(2))
            .timelineBucket(Duration.ofSeconds(1))
            .timelineLength(2)
            .build();
    StageMetrics tts = metrics.stage("tts");
    for (int i = 0; i < 40; i++) { // 10 parts a second for 4 s: the 2-slot ring wraps often
      tts.recordOutput();
      clock.advance(Duration.ofMillis(100));
    }

    assertThat(metrics.snapshot().stage("tts").orElseThrow().throughput())
        .isCloseTo(10, within(1e-9));
  }

  @Test
  void aOneBucketWindowReadExactlyAtABucketEdgeIsZeroNotNaN() {
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics metrics =
        RealTimeMetrics.builder()
            .clock(clock)
            .throughputWindow(Duration.ofSeconds(1))
            .timelineBucket(Duration.ofSeconds(1))
            .build();
    clock.advance(Duration.ofMillis(500));
    metrics.stage("tts").recordOutput();
    clock.advance(Duration.ofMillis(500)); // t = 1 s: the window is the new, empty bucket

    assertThat(metrics.snapshot().stage("tts").orElseThrow().throughput()).isZero();
    assertThat(metrics.snapshot().windowNanos()).isEqualTo(S);
  }
}
