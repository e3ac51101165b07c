package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The striped histogram's readers and writers never lose or double a sample. */
class StripedHistogramTest {

  @Test
  void anyPowerOfTwoStripesIncludingOneRecordsEveryValue() {
    StripedHistogram one = new StripedHistogram(1);
    one.record(1_000);
    one.record(2_000);

    Histogram h = one.cumulative();

    assertThat(h.getTotalCount()).isEqualTo(2);
    assertThat(h.getMaxValue()).isBetween(2_000L, 2_020L);
    assertThatThrownBy(() -> new StripedHistogram(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("power of two, got 0");
    assertThatThrownBy(() -> new StripedHistogram(6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 6");
  }

  @Test
  void aSnapshotWaitsForAWriterMidRecordInsteadOfSwappingItsHistogramAway() throws Exception {
    StripedHistogram h = new StripedHistogram(2);
    h.record(5_000);
    assertThat(h.tryClaim(0)).as("the test plays a writer holding stripe 0").isTrue();

    AtomicReference<Histogram> read = new AtomicReference<>();
    Thread reader = Thread.ofPlatform().daemon().start(() -> read.set(h.cumulative()));
    reader.join(Duration.ofMillis(300));
    assertThat(reader.isAlive()).as("the reader waits while the writer holds its stripe").isTrue();
    assertThat(read.get()).isNull();

    h.release(0);
    reader.join(Duration.ofSeconds(30));

    assertThat(reader.isAlive()).isFalse();
    assertThat(read.get().getTotalCount()).isEqualTo(1);
  }

  @Test
  void snapshotsTakenOnDifferentThreadsDoNotBlockEachOther() throws Exception {
    RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());
    metrics.stage("llm").recordProcessing(3_000_000);
    assertThat(metrics.snapshot().stage("llm").orElseThrow().processing().count()).isEqualTo(1);

    AtomicLong count = new AtomicLong(-1);
    Thread other =
        Thread.ofPlatform()
            .daemon()
            .start(
                () ->
                    count.set(metrics.snapshot().stage("llm").orElseThrow().processing().count()));
    other.join(Duration.ofSeconds(30));

    assertThat(other.isAlive()).as("the second reader got the read lock").isFalse();
    assertThat(count.get()).isEqualTo(1);
  }
}
