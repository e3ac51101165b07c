package dev.processors.core;

import java.util.Objects;
import java.util.Optional;

/**
 * One line of a {@link Recording}: something that happened at a recorded point of a run, at {@link
 * #nanos()} on the run's clock (nanoseconds since the recorder started).
 *
 * <p>A point is a processor recorded with {@link Recorder#record}, a stage recorded through {@link
 * Recorder#stages()} (the point is the stage's name), or a pass-through tap made with {@link
 * Recorder#point}. Each time a recorded processor runs is a <em>call</em>, numbered from 0 in the
 * order the calls started (a model called once per turn has one call per turn). Within a call,
 * inputs and outputs are numbered from 0 in the order they crossed the point ({@code seq}, the
 * stream position).
 *
 * <pre>{@code
 * switch (entry) {
 *   case RecordingEntry.Started s -> ...           // a call began
 *   case RecordingEntry.Input in -> ...            // the processor read in.part()
 *   case RecordingEntry.Output out -> ...          // the processor emitted out.part()
 *   case RecordingEntry.Passed p -> ...            // a part crossed a pass-through point
 *   case RecordingEntry.InputEnded e -> ...        // the processor saw the end of its input
 *   case RecordingEntry.OutputEnded e -> ...       // the call returned (or failed: e.error())
 * }
 * }</pre>
 *
 * <p>Entries are immutable values; the records validate their arguments ({@link
 * NullPointerException} or {@link IllegalArgumentException} naming the bad one).
 */
public sealed interface RecordingEntry {

  /** When it happened: nanoseconds on the run's clock since the recorder started. */
  long nanos();

  /** The recorded point (a processor's, a stage's or a tap's name). */
  String point();

  /** Which call of the point's processor, from 0 (always 0 for a pass-through point). */
  int call();

  /** The part this entry carries, for inputs, outputs and passes. */
  default Optional<ProcessorPart> carriedPart() {
    return switch (this) {
      case Input in -> Optional.of(in.part());
      case Output out -> Optional.of(out.part());
      case Passed p -> Optional.of(p.part());
      default -> Optional.empty();
    };
  }

  /**
   * A call of the processor at {@code point} began; {@code processor} is that processor's {@link
   * Processor#name() name} (a replay's stand-in takes it, so stage names line up).
   */
  record Started(long nanos, String point, int call, String processor) implements RecordingEntry {
    public Started {
      check(nanos, point, call);
      Objects.requireNonNull(processor, "processor");
    }

    /** A start whose processor is named like its point. */
    public Started(long nanos, String point, int call) {
      this(nanos, point, call, point);
    }
  }

  /** The processor at {@code point} read {@code part}, its {@code seq}-th input in this call. */
  record Input(long nanos, String point, int call, long seq, ProcessorPart part)
      implements RecordingEntry {
    public Input {
      check(nanos, point, call);
      checkSeq(seq);
      Objects.requireNonNull(part, "part");
    }
  }

  /**
   * The processor at {@code point} emitted {@code part}, its {@code seq}-th output in this call.
   */
  record Output(long nanos, String point, int call, long seq, ProcessorPart part)
      implements RecordingEntry {
    public Output {
      check(nanos, point, call);
      checkSeq(seq);
      Objects.requireNonNull(part, "part");
    }
  }

  /** {@code part} crossed the pass-through point {@code point}, the {@code seq}-th to do so. */
  record Passed(long nanos, String point, int call, long seq, ProcessorPart part)
      implements RecordingEntry {
    public Passed {
      check(nanos, point, call);
      checkSeq(seq);
      Objects.requireNonNull(part, "part");
    }
  }

  /** The processor at {@code point} found the end of its input. */
  record InputEnded(long nanos, String point, int call) implements RecordingEntry {
    public InputEnded {
      check(nanos, point, call);
    }
  }

  /**
   * The call returned, ending its output; {@code error} describes the exception it threw, if it
   * failed ({@code "IllegalStateException: no answer"}).
   */
  record OutputEnded(long nanos, String point, int call, Optional<String> error)
      implements RecordingEntry {
    public OutputEnded {
      check(nanos, point, call);
      Objects.requireNonNull(error, "error");
    }
  }

  private static void check(long nanos, String point, int call) {
    if (Objects.requireNonNull(point, "point").isBlank()) {
      throw new IllegalArgumentException("a recorded point needs a name");
    }
    if (nanos < 0) {
      throw new IllegalArgumentException("nanos must not be negative, got " + nanos);
    }
    if (call < 0) {
      throw new IllegalArgumentException("call must not be negative, got " + call);
    }
  }

  private static void checkSeq(long seq) {
    if (seq < 0) {
      throw new IllegalArgumentException("seq must not be negative, got " + seq);
    }
  }
}
