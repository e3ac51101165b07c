package dev.processors.metrics;

import java.time.Duration;
import java.util.Objects;

/**
 * When figures deserve a {@link Recommendation}. A recommendation appears when a figure is strictly
 * beyond its threshold; a figure exactly at it is fine.
 *
 * <pre>{@code
 * Thresholds t = Thresholds.defaults().withHighLatency(Duration.ofMillis(800)).withMinThroughput(20);
 * }</pre>
 *
 * @param highLatency answers whose p95 turn latency is above this are too slow (default 1 s)
 * @param slowProcessing stages whose p95 processing time per part is above this are slow (default
 *     500 ms)
 * @param minThroughput output parts per second below which a stage or pipeline that is reading
 *     input is too slow; 0 turns the check off (the default, since the right rate depends on the
 *     application)
 * @param maxErrorRate failures per input part above which errors are too frequent (default 0.01)
 * @param maxInterruptionsPerTurn interruptions per turn above which users interrupt too often
 *     (default 0.3)
 * @param maxUnderruns buffer underruns above which playback is called choppy (default 0)
 */
public record Thresholds(
    Duration highLatency,
    Duration slowProcessing,
    double minThroughput,
    double maxErrorRate,
    double maxInterruptionsPerTurn,
    long maxUnderruns) {
  private static final Thresholds DEFAULTS =
      new Thresholds(Duration.ofSeconds(1), Duration.ofMillis(500), 0, 0.01, 0.3, 0);

  /** Validates: durations positive, other figures finite and not negative. */
  public Thresholds {
    requirePositive(highLatency, "highLatency");
    requirePositive(slowProcessing, "slowProcessing");
    requireNotNegative(minThroughput, "minThroughput");
    requireNotNegative(maxErrorRate, "maxErrorRate");
    requireNotNegative(maxInterruptionsPerTurn, "maxInterruptionsPerTurn");
    if (maxUnderruns < 0) {
      throw new IllegalArgumentException("maxUnderruns must not be negative, got " + maxUnderruns);
    }
  }

  /** The defaults described above. */
  public static Thresholds defaults() {
    return DEFAULTS;
  }

  /** A copy with another turn-latency limit. */
  public Thresholds withHighLatency(Duration limit) {
    return new Thresholds(
        limit, slowProcessing, minThroughput, maxErrorRate, maxInterruptionsPerTurn, maxUnderruns);
  }

  /** A copy with another processing-time limit. */
  public Thresholds withSlowProcessing(Duration limit) {
    return new Thresholds(
        highLatency, limit, minThroughput, maxErrorRate, maxInterruptionsPerTurn, maxUnderruns);
  }

  /** A copy with another minimum throughput (parts per second; 0 turns the check off). */
  public Thresholds withMinThroughput(double partsPerSecond) {
    return new Thresholds(
        highLatency,
        slowProcessing,
        partsPerSecond,
        maxErrorRate,
        maxInterruptionsPerTurn,
        maxUnderruns);
  }

  /** A copy with another error-rate limit (failures per input part). */
  public Thresholds withMaxErrorRate(double rate) {
    return new Thresholds(
        highLatency, slowProcessing, minThroughput, rate, maxInterruptionsPerTurn, maxUnderruns);
  }

  /** A copy with another interruption limit (interruptions per turn). */
  public Thresholds withMaxInterruptionsPerTurn(double ratio) {
    return new Thresholds(
        highLatency, slowProcessing, minThroughput, maxErrorRate, ratio, maxUnderruns);
  }

  /** A copy with another underrun limit. */
  public Thresholds withMaxUnderruns(long count) {
    return new Thresholds(
        highLatency, slowProcessing, minThroughput, maxErrorRate, maxInterruptionsPerTurn, count);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + d);
    }
  }

  private static void requireNotNegative(double v, String name) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and not negative, got " + v);
    }
  }
}
