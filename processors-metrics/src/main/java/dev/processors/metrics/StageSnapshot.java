package dev.processors.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The figures of one stage, or of a whole instrumented pipeline, at one moment. Immutable.
 *
 * @param name the stage's name
 * @param kind whether this is a wrapped stage or an instrumented pipeline
 * @param partsIn input parts the stage read (out-of-band parts are not counted)
 * @param partsOut output parts the stage emitted (out-of-band parts are not counted)
 * @param throughput output parts per second over the sliding window
 * @param inputRate input parts per second over the sliding window
 * @param timeline output parts per bucket over the recent past
 * @param processing the stage's own time per part, excluding waits for input, backpressure and
 *     waits on the metrics' clock
 * @param firstOutput time from an input to the stage's first output after it (time to first
 *     part/token)
 * @param turnLatency for pipelines, time from the end of the user's turn to the first part of the
 *     answer; its count is the number of answered turns
 * @param errors failures counted (exceptions and error status parts)
 * @param errorTypes failures by type, sorted by type
 * @param interruptions interruptions (barge-ins) seen
 * @param gaps playback gaps (buffer underruns) of the output audio; its count is the number of
 *     underruns
 * @param audioNanos output audio delivered, in nanoseconds of playback
 * @param inputTokens tokens consumed, as recorded with {@link StageMetrics#recordTokens}
 * @param outputTokens tokens produced, as recorded with {@link StageMetrics#recordTokens}
 * @param recent the same latencies over their last samples only ({@link RecentWindow})
 */
public record StageSnapshot(
    String name,
    Kind kind,
    long partsIn,
    long partsOut,
    double throughput,
    double inputRate,
    Timeline timeline,
    LatencySummary processing,
    LatencySummary firstOutput,
    LatencySummary turnLatency,
    long errors,
    Map<String, Long> errorTypes,
    long interruptions,
    LatencySummary gaps,
    long audioNanos,
    long inputTokens,
    long outputTokens,
    RecentWindow recent) {

  /** What a snapshot describes. */
  public enum Kind {
    /**
     * One stage, measured through {@link RealTimeMetrics#runOptions()} or recorded into by hand.
     */
    STAGE,
    /** A whole pipeline, attached with {@link RealTimeMetrics#instrument}. */
    PIPELINE
  }

  /** Validates and copies; the error types are kept sorted. */
  public StageSnapshot {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(processing, "processing");
    Objects.requireNonNull(firstOutput, "firstOutput");
    Objects.requireNonNull(turnLatency, "turnLatency");
    Objects.requireNonNull(gaps, "gaps");
    Objects.requireNonNull(recent, "recent");
    errorTypes = Collections.unmodifiableMap(new TreeMap<>(errorTypes));
  }

  /** Answered turns. */
  public long turns() {
    return turnLatency.count();
  }

  /** Buffer underruns of the output audio. */
  public long underruns() {
    return gaps.count();
  }

  /** Failures per input part (0 when nothing was read). */
  public double errorRate() {
    return partsIn == 0 ? (errors == 0 ? 0 : 1) : (double) errors / partsIn;
  }

  /**
   * The share of output audio time that played without a gap, from 0 to 1 (1 when there was no
   * audio).
   */
  public double continuity() {
    double gapNanos = (double) gaps.meanNanos() * gaps.count();
    return audioNanos == 0 ? 1 : audioNanos / (audioNanos + gapNanos);
  }

  /**
   * One figure for how well the stream went, from 0 to 1: {@link #continuity()} times the share of
   * input parts that did not fail ({@code 1 - errorRate}, at least 0). 1 means no gap and no error.
   * genai-processors' guide averages scores its users record; this one is derived from what every
   * run measures, so it needs no recording.
   */
  public double qualityScore() {
    return continuity() * Math.max(0, 1 - errorRate());
  }

  /**
   * Whether the stage kept up as genai-processors' real-time guide defines it: a mean latency under
   * 100 ms and more than 10 output parts per second over the sliding window. The latency is the
   * turn latency for a pipeline that answered turns, otherwise the time to the first output. False
   * when nothing was measured yet.
   */
  public boolean isRealTimeCapable() {
    LatencySummary latency = turnLatency.count() > 0 ? turnLatency : firstOutput;
    return latency.count() > 0 && latency.meanNanos() < REAL_TIME_LATENCY_NANOS && throughput > 10;
  }

  private static final long REAL_TIME_LATENCY_NANOS = 100_000_000L;
}
