package dev.processors.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Percentiles and distribution of one latency metric, in nanoseconds. Values come from an
 * HdrHistogram kept to two significant digits, so each figure is within 1% of the true value.
 *
 * @param metric the metric's name (see {@link MetricNames})
 * @param count how many samples were recorded
 * @param minNanos the smallest sample
 * @param meanNanos the mean, rounded to a nanosecond
 * @param p50Nanos the median
 * @param p90Nanos the 90th percentile
 * @param p95Nanos the 95th percentile
 * @param p99Nanos the 99th percentile
 * @param p999Nanos the 99.9th percentile
 * @param maxNanos the largest sample
 * @param buckets the distribution over logarithmic buckets, from the first non-empty bucket to the
 *     last, for charts
 */
public record LatencySummary(
    String metric,
    long count,
    long minNanos,
    long meanNanos,
    long p50Nanos,
    long p90Nanos,
    long p95Nanos,
    long p99Nanos,
    long p999Nanos,
    long maxNanos,
    List<Bucket> buckets) {

  /** Upper bounds of the chart buckets within a decade: 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8. */
  private static final long[] STEPS = {100, 120, 150, 200, 250, 300, 400, 500, 600, 800};

  /**
   * One bar of the distribution: the samples above the previous bucket's bound up to {@code
   * upToNanos}.
   *
   * @param upToNanos the bucket's inclusive upper bound
   * @param count the samples in the bucket
   */
  public record Bucket(long upToNanos, long count) {}

  /** Validates and copies. */
  public LatencySummary {
    Objects.requireNonNull(metric, "metric");
    if (count < 0) {
      throw new IllegalArgumentException("count must not be negative, got " + count);
    }
    buckets = List.copyOf(Objects.requireNonNull(buckets, "buckets"));
  }

  /** A summary with no samples. */
  public static LatencySummary empty(String metric) {
    return new LatencySummary(metric, 0, 0, 0, 0, 0, 0, 0, 0, 0, List.of());
  }

  /** The median. */
  public Duration p50() {
    return Duration.ofNanos(p50Nanos);
  }

  /** The 95th percentile. */
  public Duration p95() {
    return Duration.ofNanos(p95Nanos);
  }

  /** The 99th percentile. */
  public Duration p99() {
    return Duration.ofNanos(p99Nanos);
  }

  /** True if no sample was recorded. */
  public boolean isEmpty() {
    return count == 0;
  }

  static LatencySummary of(String metric, Histogram h) {
    long count = h.getTotalCount();
    if (count == 0) {
      return empty(metric);
    }
    return new LatencySummary(
        metric,
        count,
        h.getMinValue(),
        Math.round(h.getMean()),
        h.getValueAtPercentile(50),
        h.getValueAtPercentile(90),
        h.getValueAtPercentile(95),
        h.getValueAtPercentile(99),
        h.getValueAtPercentile(99.9),
        h.getMaxValue(),
        buckets(h));
  }

  /** The upper bound of chart bucket {@code index}: 1 µs, 1.2 µs, 1.5 µs, ... */
  static long bucketBound(int index) {
    long decade = 10; // 1000 ns = STEPS[0] * 10
    for (int i = 0; i < index / STEPS.length; i++) {
      decade = Math.multiplyExact(decade, 10);
    }
    return STEPS[index % STEPS.length] * decade;
  }

  private static List<Bucket> buckets(Histogram h) {
    List<Bucket> out = new ArrayList<>();
    int index = 0;
    long bound = bucketBound(0);
    long inBucket = 0;
    for (HistogramIterationValue v : h.recordedValues()) {
      long value = h.lowestEquivalentValue(v.getValueIteratedTo());
      while (value > bound) {
        if (inBucket > 0 || !out.isEmpty()) {
          out.add(new Bucket(bound, inBucket));
        }
        inBucket = 0;
        index++;
        bound = index >= 120 ? Long.MAX_VALUE : bucketBound(index);
      }
      inBucket += v.getCountAddedInThisIterationStep();
    }
    out.add(new Bucket(bound, inBucket));
    return out;
  }
}
