package dev.processors.core;

import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A processor of one part at a time. Chained part processors are <b>fused</b>: they run as nested
 * calls on one thread, with no channel between them, at a few nanoseconds per part per stage.
 *
 * <pre>{@code
 * PartProcessor upper = (part, out) -> out.emit(ProcessorPart.text(part.text().orElse("").toUpperCase()));
 * PartProcessor exclaim = (part, out) -> { out.emit(part); out.emitText("!"); };
 * List<ProcessorPart> result = upper.andThen(exclaim).apply("hi"); // HI, !
 * }</pre>
 *
 * <p>A part for which {@link #matches} is false passes through untouched. Out-of-band parts
 * (status, debug, ui) emitted by a stage skip the later stages of the chain.
 *
 * <p><b>Threading.</b> {@code process} is called for one part at a time, in order, by one thread
 * per run (several at once under {@link #concurrent}); instances are shared between runs.
 * <b>Errors</b> fail the run as for {@link Processor}.
 */
@FunctionalInterface
public interface PartProcessor {

  /** Processes one part, emitting zero or more parts. */
  void process(ProcessorPart part, PartSink out) throws Exception;

  /** Whether this processor handles {@code part}; others pass through untouched. */
  default boolean matches(ProcessorPart part) {
    return true;
  }

  /** The name used in errors, thread names and metrics; the class name by default. */
  default String name() {
    return ProcessorNames.of(this);
  }

  /** This part processor under another name. */
  default PartProcessor named(String name) {
    return new Named.NamedPartProcessor(this, name);
  }

  /** This part processor restricted to the parts that {@code filter} accepts. */
  default PartProcessor matching(Predicate<? super ProcessorPart> filter) {
    return new Named.MatchingPartProcessor(this, Objects.requireNonNull(filter, "filter"));
  }

  /** This part processor fused with {@code next}: one thread, nested calls, no channel. */
  default PartProcessor andThen(PartProcessor next) {
    return FusedPartProcessor.of(List.of(this, Objects.requireNonNull(next, "next")));
  }

  /** This part processor followed by a stream processor on its own thread. */
  default Processor andThen(Processor next) {
    return asProcessor().andThen(next);
  }

  /** This part processor as a stream processor that processes its input part by part. */
  default Processor asProcessor() {
    return new PartProcessorStage(this);
  }

  /**
   * Runs this processor on up to {@code maxInFlight} parts at once (for I/O-bound work such as
   * model calls) while keeping the output in input order: the output of the oldest part streams as
   * it is produced, later parts' output waits its turn. Never more than {@code maxInFlight} parts
   * are in flight.
   */
  default Processor concurrent(int maxInFlight) {
    return new ConcurrentStage(this, maxInFlight);
  }

  /** Starts a run; see {@link Processor#start(Iterable)}. */
  default ProcessorRun start(Iterable<? extends ProcessorPart> input) {
    return asProcessor().start(input);
  }

  /** Runs over {@code input} and returns all output. */
  default List<ProcessorPart> apply(List<ProcessorPart> input) {
    return asProcessor().apply(input);
  }

  /** Runs over one text part and returns all output. */
  default List<ProcessorPart> apply(String text) {
    return asProcessor().apply(text);
  }

  /**
   * Python's {@code //}: every part goes to each processor, and the outputs for that part are
   * concatenated in processor order before the next part. The branches run one after another on the
   * stage's thread (see docs/decisions/0002-parallel-part-processors-run-in-turn.md).
   */
  static PartProcessor parallel(PartProcessor... processors) {
    return new ParallelPartProcessor(List.of(processors));
  }
}
