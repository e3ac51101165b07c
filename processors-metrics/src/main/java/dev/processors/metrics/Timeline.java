package dev.processors.metrics;

import java.util.List;
import java.util.Objects;

/**
 * Output parts per time bucket, oldest first: the throughput over time, for charts.
 *
 * @param bucketNanos the width of each bucket
 * @param startNanos where the first bucket starts, in nanoseconds since the metrics were created
 * @param counts the parts emitted in each bucket
 */
public record Timeline(long bucketNanos, long startNanos, List<Long> counts) {

  /** Validates and copies. */
  public Timeline {
    if (bucketNanos <= 0) {
      throw new IllegalArgumentException("bucketNanos must be positive, got " + bucketNanos);
    }
    counts = List.copyOf(Objects.requireNonNull(counts, "counts"));
  }

  /** The rate of each bucket in parts per second. */
  public double rateAt(int index) {
    return counts.get(index) * 1e9 / bucketNanos;
  }
}
