package dev.processors.metrics;

import java.util.Objects;

/**
 * Advice in plain language, produced when a figure crosses its {@link Thresholds threshold}.
 *
 * @param kind what is wrong
 * @param stage the stage or pipeline concerned
 * @param message what was seen and what to try, for people
 * @param observed the figure that crossed the threshold (milliseconds, parts per second, or a
 *     ratio, as the kind says)
 * @param threshold the threshold it crossed, in the same unit
 */
public record Recommendation(
    Kind kind, String stage, String message, double observed, double threshold) {

  /** The problems recommendations speak about. */
  public enum Kind {
    /** Answers start too late after the user's turn (p95 turn latency, milliseconds). */
    HIGH_LATENCY,
    /** A stage takes too long per part (p95 processing time, milliseconds). */
    SLOW_PROCESSING,
    /** Output comes too slowly while input flows (parts per second over the window). */
    LOW_THROUGHPUT,
    /** Too many failures (errors per input part). */
    HIGH_ERROR_RATE,
    /** Users interrupt too often (interruptions per turn). */
    FREQUENT_INTERRUPTIONS,
    /** Playback ran dry (underruns). */
    BUFFER_UNDERRUNS
  }

  /** Validates. */
  public Recommendation {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(message, "message");
  }

  /** The kind, the stage and the message on one line, for logs. */
  @Override
  public String toString() {
    return kind + " [" + stage + "]: " + message;
  }
}
