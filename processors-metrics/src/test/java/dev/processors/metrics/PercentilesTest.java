package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Percentiles come out right for distributions whose percentiles are known exactly. */
class PercentilesTest {
  private final RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());

  private static void assertWithinOnePercent(long actual, double expected) {
    assertThat((double) actual).isCloseTo(expected, within(expected * 0.01 + 1));
  }

  @Test
  void uniformDistributionHasLinearPercentiles() {
    StageMetrics stage = metrics.stage("uniform");
    for (long ms = 1; ms <= 1000; ms++) {
      for (int i = 0; i < 10; i++) {
        stage.recordProcessing(ms * 1_000_000 + i * 100_000);
      }
    }

    LatencySummary s = metrics.snapshot().stage("uniform").orElseThrow().processing();

    assertThat(s.count()).isEqualTo(10_000);
    assertWithinOnePercent(s.p50Nanos(), 500e6);
    assertWithinOnePercent(s.p90Nanos(), 900e6);
    assertWithinOnePercent(s.p95Nanos(), 950e6);
    assertWithinOnePercent(s.p99Nanos(), 990e6);
    assertWithinOnePercent(s.minNanos(), 1e6);
    assertWithinOnePercent(s.maxNanos(), 1000.9e6);
    assertWithinOnePercent(s.meanNanos(), 500.95e6);
    assertThat(s.metric()).isEqualTo(MetricNames.OPERATION_DURATION);
  }

  @Test
  void exponentialDistributionMatchesItsQuantileFunction() {
    StageMetrics stage = metrics.stage("exponential");
    double mean = 40e6; // 40 ms
    int n = 200_000;
    Random random = new Random(42);
    List<Long> samples = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long v = Math.round(-mean * Math.log(1 - random.nextDouble()));
      samples.add(v);
      stage.recordFirstOutput(v);
    }

    LatencySummary s = metrics.snapshot().stage("exponential").orElseThrow().firstOutput();

    // quantile of an exponential distribution: -mean * ln(1 - q); sampling error < 1% at n=200k
    assertThat((double) s.p50Nanos()).isCloseTo(-mean * Math.log(0.5), within(mean * 0.02));
    assertThat((double) s.p90Nanos()).isCloseTo(-mean * Math.log(0.1), within(mean * 0.04));
    assertThat((double) s.p99Nanos()).isCloseTo(-mean * Math.log(0.01), within(mean * 0.1));
    // and against the exact empirical quantile, the histogram is within its 1% resolution
    samples.sort(null);
    assertWithinOnePercent(s.p99Nanos(), samples.get((int) Math.ceil(0.99 * n) - 1));
    assertWithinOnePercent(s.p50Nanos(), samples.get((int) Math.ceil(0.5 * n) - 1));
  }

  @Test
  void bimodalDistributionShowsBothModes() {
    StageMetrics stage = metrics.stage("bimodal");
    for (int i = 0; i < 900; i++) {
      stage.recordProcessing(2_000_000); // cache hits: 2 ms
    }
    for (int i = 0; i < 100; i++) {
      stage.recordProcessing(800_000_000); // model calls: 800 ms
    }

    LatencySummary s = metrics.snapshot().stage("bimodal").orElseThrow().processing();

    assertWithinOnePercent(s.p50Nanos(), 2e6);
    assertWithinOnePercent(s.p90Nanos(), 2e6);
    assertWithinOnePercent(s.p95Nanos(), 800e6);
    assertThat(s.buckets()).hasSizeGreaterThan(2);
    assertThat(s.buckets().get(0).count()).isEqualTo(900);
    assertThat(s.buckets().get(s.buckets().size() - 1).count()).isEqualTo(100);
    assertThat(s.buckets().stream().mapToLong(LatencySummary.Bucket::count).sum()).isEqualTo(1000);
  }

  @Test
  void negativeDurationsCountAsZeroAndEmptyStagesReportNothing() {
    metrics.stage("odd").recordProcessing(-5);
    metrics.stage("idle");

    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(snapshot.stage("odd").orElseThrow().processing().maxNanos()).isZero();
    assertThat(snapshot.stage("idle").orElseThrow().processing().isEmpty()).isTrue();
    assertThat(snapshot.stage("idle").orElseThrow().processing().buckets()).isEmpty();
  }

  @Test
  void concurrentWritersLoseNoSample() throws InterruptedException {
    StageMetrics stage = metrics.stage("busy");
    int threads = 8;
    int each = 50_000;
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long value = (t + 1) * 1_000_000L;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      start.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    for (int i = 0; i < each; i++) {
                      stage.recordProcessing(value);
                    }
                  }));
    }
    start.countDown();
    long seen = 0;
    while (workers.stream().anyMatch(Thread::isAlive)) {
      // snapshots taken while writers write must neither block them nor lose their samples
      long count = metrics.snapshot().stage("busy").orElseThrow().processing().count();
      assertThat(count).isGreaterThanOrEqualTo(seen);
      seen = count;
    }
    for (Thread w : workers) {
      w.join();
    }

    LatencySummary s = metrics.snapshot().stage("busy").orElseThrow().processing();
    assertThat(s.count()).isEqualTo((long) threads * each);
    assertWithinOnePercent(s.maxNanos(), 8e6);
    assertWithinOnePercent(s.minNanos(), 1e6);
  }

  @Test
  void writerThatFindsEveryStripeTakenRecordsIntoTheFallbackWithoutWaiting() {
    StripedHistogram h = new StripedHistogram(2);
    assertThat(h.tryClaim(0)).isTrue();
    assertThat(h.tryClaim(1)).isTrue();

    h.record(10_000);
    h.release(0);
    h.release(1);
    h.record(20_000);

    assertThat(h.cumulative().getTotalCount()).isEqualTo(2);
    assertThat(Integer.bitCount(StripedHistogram.defaultStripes())).isEqualTo(1);
  }
}
