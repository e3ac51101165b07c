package dev.processors.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a run (usually a {@link Replay}) diverges from a recording: the first part that differs,
 * the parts whose timing moved by more than a tolerance, and how the latency of each recorded point
 * changed. Rendered as text by {@link #toText()}; {@code processors-metrics} adds it to its HTML
 * report.
 *
 * <pre>{@code
 * RecordingDiff diff = RecordingDiff.between(recorded, replayed.recording());
 * if (!diff.sameOutputs()) System.out.println(diff.toText());
 * diff.firstDivergence().ifPresent(d -> System.out.println(d.point() + " at " + d.nanos()));
 * }</pre>
 *
 * <p><b>What is compared.</b> Every point of the recorded run, stream by stream: the inputs, the
 * outputs and the passes of each call. Within a stream, parts are compared in order per
 * <em>lane</em>: data parts (order guaranteed by the runtime), control signals, and each
 * out-of-band substream (which overtake data, so their order relative to data is not part of a
 * run's contract). A part differs when it is not {@link ProcessorPart#equals equal}; its timing
 * moved when it is equal but came more than the tolerance earlier or later. Points that only the
 * second run has (a stage added since) are listed, not counted as divergences. When the recording
 * stopped early (its size limit), the comparison stops at its last entry.
 *
 * <p><b>Latency per point</b> is, for each output, the time since the latest input the point had
 * read before emitting it (or since the call started): its median, 95th percentile and maximum.
 *
 * <p>Immutable and thread-safe. Null arguments throw {@link NullPointerException}; a negative
 * tolerance {@link IllegalArgumentException}.
 */
public interface RecordingDiff {

  /** The default tolerance on timing: 1 ms. */
  Duration DEFAULT_TOLERANCE = Duration.ofMillis(1);

  /** Compares {@code actual} against {@code recorded}, timing within {@link #DEFAULT_TOLERANCE}. */
  static RecordingDiff between(Recording recorded, Recording actual) {
    return between(recorded, actual, DEFAULT_TOLERANCE);
  }

  /** Compares {@code actual} against {@code recorded}, timing within {@code tolerance}. */
  static RecordingDiff between(Recording recorded, Recording actual, Duration tolerance) {
    Objects.requireNonNull(recorded, "recorded");
    Objects.requireNonNull(actual, "actual");
    if (Objects.requireNonNull(tolerance, "tolerance").isNegative()) {
      throw new IllegalArgumentException("tolerance must not be negative, got " + tolerance);
    }
    return DiffComputation.compare(recorded, actual, tolerance);
  }

  /** The tolerance on timing. */
  Duration tolerance();

  /** True when every recorded stream holds the same parts, lane by lane, in the same order. */
  boolean sameOutputs();

  /** True when the outputs are the same and no part moved by more than the tolerance. */
  default boolean identical() {
    return sameOutputs() && timingChanges().isEmpty();
  }

  /** The earliest divergence in time, if any. */
  default Optional<Divergence> firstDivergence() {
    return divergences().stream().findFirst();
  }

  /** The first divergence of each diverging lane, earliest first. */
  List<Divergence> divergences();

  /** Equal parts whose time moved by more than the tolerance, earliest first. */
  List<TimingChange> timingChanges();

  /** How many equal parts were compared for timing. */
  long comparedParts();

  /** Latency per recorded point that has outputs, in the recording's order. */
  List<PointLatency> latencies();

  /** Points the compared run has and the recording has not. */
  List<String> newPoints();

  /** A report in plain text: the verdict, the first divergence, timing, latency per point. */
  String toText();

  /**
   * A stream that diverges.
   *
   * @param point the recorded point
   * @param stream {@code in}, {@code out} or {@code pass}
   * @param call the call of the point
   * @param lane {@code data}, {@code control} or {@code oob:SUBSTREAM}
   * @param position the part's position within its lane (from 0)
   * @param nanos when the divergence shows, in nanoseconds since the start
   * @param recorded the recorded part at that position, if the recording has one
   * @param actual the compared run's part at that position, if it has one
   * @param explanation what differs, in a few words
   */
  record Divergence(
      String point,
      String stream,
      int call,
      String lane,
      long position,
      long nanos,
      Optional<ProcessorPart> recorded,
      Optional<ProcessorPart> actual,
      String explanation) {
    public Divergence {
      Objects.requireNonNull(point, "point");
      Objects.requireNonNull(stream, "stream");
      Objects.requireNonNull(lane, "lane");
      Objects.requireNonNull(recorded, "recorded");
      Objects.requireNonNull(actual, "actual");
      Objects.requireNonNull(explanation, "explanation");
    }
  }

  /**
   * An equal part that came at another time.
   *
   * @param point the recorded point
   * @param stream {@code in}, {@code out} or {@code pass}
   * @param call the call of the point
   * @param lane the part's lane
   * @param position the part's position within its lane
   * @param recordedNanos when it came in the recording
   * @param actualNanos when it came in the compared run
   * @param part the part
   */
  record TimingChange(
      String point,
      String stream,
      int call,
      String lane,
      long position,
      long recordedNanos,
      long actualNanos,
      ProcessorPart part) {
    /** How much later (positive) or earlier it came. */
    public Duration shift() {
      return Duration.ofNanos(actualNanos - recordedNanos);
    }
  }

  /**
   * Latency at one point, in the recording and in the compared run.
   *
   * @param point the recorded point
   * @param recorded the recording's figures
   * @param actual the compared run's figures (all zero if the point did not run)
   */
  record PointLatency(String point, LatencySummary recorded, LatencySummary actual) {
    /** The change of the median. */
    public Duration medianChange() {
      return Duration.ofNanos(actual.medianNanos() - recorded.medianNanos());
    }

    /** The change of the 95th percentile. */
    public Duration p95Change() {
      return Duration.ofNanos(actual.p95Nanos() - recorded.p95Nanos());
    }
  }

  /**
   * Latency figures of one point.
   *
   * @param outputs how many outputs were measured
   * @param medianNanos the median, in nanoseconds
   * @param p95Nanos the 95th percentile (nearest rank)
   * @param maxNanos the maximum
   */
  record LatencySummary(long outputs, long medianNanos, long p95Nanos, long maxNanos) {}
}
