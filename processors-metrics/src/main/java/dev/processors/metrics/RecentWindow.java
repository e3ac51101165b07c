package dev.processors.metrics;

import java.util.Objects;

/**
 * A stage's latencies over its last {@code size} samples of each kind, beside the since-start
 * figures of {@link StageSnapshot}: how the stage does now, not on average since the start. Each
 * latency keeps its own last samples (a stage with 10,000 parts and 3 turns has 1,000 processing
 * samples and 3 turns in a window of 1,000). Immutable.
 *
 * @param size how many of the latest samples each latency keeps ({@link
 *     RealTimeMetrics.Builder#recentSamples})
 * @param processing the latest processing times
 * @param firstOutput the latest times to first output
 * @param turnLatency the latest turn latencies (pipelines)
 */
public record RecentWindow(
    int size, LatencySummary processing, LatencySummary firstOutput, LatencySummary turnLatency) {

  /** Validates: a negative size or a null summary is a bug. */
  public RecentWindow {
    if (size < 0) {
      throw new IllegalArgumentException("a recent window's size must not be negative: " + size);
    }
    Objects.requireNonNull(processing, "processing");
    Objects.requireNonNull(firstOutput, "firstOutput");
    Objects.requireNonNull(turnLatency, "turnLatency");
  }

  /** A window of {@code size} with no samples yet. */
  public static RecentWindow empty(int size) {
    return new RecentWindow(
        size,
        LatencySummary.empty(MetricNames.OPERATION_DURATION),
        LatencySummary.empty(MetricNames.TIME_TO_FIRST_CHUNK),
        LatencySummary.empty(MetricNames.TURN_LATENCY));
  }
}
