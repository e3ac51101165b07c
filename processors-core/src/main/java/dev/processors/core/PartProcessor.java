package dev.processors.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A processor of one part at a time, and a {@link Processor} that applies it to every part of its
 * input. In GenAI pipelines a part processor is usually a model, tool or detector call, so a stage
 * of part processors <b>runs ahead</b>: a part whose call blocks never holds back the parts behind
 * it, which run through the same stage (and the stages after it) while it waits, each on a task
 * thread of the run. The output is always in input order, the outputs of one part kept together,
 * exactly as if the parts had been processed one after another.
 *
 * <pre>{@code
 * PartProcessor translate = (part, out) -> out.emitText(model.translate(part.text().orElse("")));
 * PartProcessor moderate = (part, out) -> { if (moderation.isSafe(part)) out.emit(part); };
 * Processor pipeline = translate.andThen(moderate);   // fused: one stage, running ahead
 * List<ProcessorPart> result = pipeline.apply(questions); // in input order
 * }</pre>
 *
 * <p>Cheap calls keep the fast path: while calls return quickly, chained part processors are
 * <b>fused</b> and run as nested calls on the stage's thread, with no channel and no thread per
 * part, at a few nanoseconds per part per stage. Running ahead starts only once a call has been
 * blocked for about a millisecond, and stops when the stage catches up (see
 * docs/decisions/0003-part-processors-run-ahead.md). The number of parts in flight per stage is
 * bounded by {@link RunOptions#maxPartsInFlight()}; {@link #concurrent(int)} sets an explicit bound
 * and starts every part on its own thread at once.
 *
 * <p>A part for which {@link #matches} is false passes through untouched. Out-of-band parts
 * (status, debug, ui) emitted by a stage skip the later stages of the chain.
 *
 * <p><b>Threading.</b> {@code process} may be called for several parts at once, on different
 * threads (as in genai-processors), so an implementation must be thread-safe and keep per-part
 * state in local variables; instances are shared between runs. A processor that needs its parts one
 * at a time runs under {@code concurrent(1)} or a run with {@code maxPartsInFlight(1)}. The sink
 * given to {@code process} belongs to that call's thread (see {@link PartSink#shared()}).
 * <b>Errors</b> fail the run as for {@link Processor}: the first failure interrupts every call in
 * flight.
 */
@FunctionalInterface
public interface PartProcessor extends Processor {

  /** Processes one part, emitting zero or more parts. */
  void process(ProcessorPart part, PartSink out) throws Exception;

  /**
   * Applies this processor to every part of {@code in}, in order, running ahead as described above.
   */
  @Override
  default void process(PartStream in, PartSink out) {
    RunAheadStage.run(this, in, out);
  }

  /** Whether this processor handles {@code part}; others pass through untouched. */
  default boolean matches(ProcessorPart part) {
    return true;
  }

  /** The name used in errors, thread names and metrics; the class name by default. */
  @Override
  default String name() {
    return ProcessorNames.of(this);
  }

  /** This part processor under another name. */
  @Override
  default PartProcessor named(String name) {
    return new Named.NamedPartProcessor(this, name);
  }

  /** This part processor restricted to the parts that {@code filter} accepts. */
  default PartProcessor matching(Predicate<? super ProcessorPart> filter) {
    return new Named.MatchingPartProcessor(this, Objects.requireNonNull(filter, "filter"));
  }

  /** This part processor fused with {@code next}: nested calls on one thread, no channel. */
  default PartProcessor andThen(PartProcessor next) {
    return FusedPartProcessor.of(List.of(this, Objects.requireNonNull(next, "next")));
  }

  /** This part processor itself: a part processor is already a {@link Processor}. */
  default Processor asProcessor() {
    return this;
  }

  /**
   * Runs this processor on up to {@code maxInFlight} parts at once, each on its own thread from the
   * first part on, keeping the output in input order: the output of the oldest part streams as it
   * is produced, later parts' output waits its turn.
   */
  default Processor concurrent(int maxInFlight) {
    return new ConcurrentStage(this, maxInFlight);
  }

  /** This processor retried per part under {@code policy}; see {@link Processors#retry}. */
  @Override
  default PartProcessor retry(RetryPolicy policy) {
    return Processors.retry(this, policy);
  }

  /** A per-part time limit; see {@link Processors#timeout(PartProcessor, Duration, Clock)}. */
  @Override
  default PartProcessor timeout(Duration limit, Clock clock) {
    return Processors.timeout(this, limit, clock);
  }

  /** Serves repeated identical parts from {@code cache}; see {@link Processors#cached}. */
  @Override
  default PartProcessor cached(ProcessorCache cache) {
    return Processors.cached(this, cache);
  }

  /**
   * Python's {@code //}: every part goes to each processor that matches it, and the outputs for
   * that part are concatenated in processor order. A part that no processor matches is dropped, as
   * in genai-processors; see {@link #parallel(PassThrough, PartProcessor...)} to keep it. When the
   * stage runs ahead, the branches of one part run at the same time.
   */
  static PartProcessor parallel(PartProcessor... processors) {
    return new ParallelPartProcessor(List.of(processors), PassThrough.NEVER);
  }

  /**
   * {@link #parallel(PartProcessor...)} that also emits the input part: {@link
   * PassThrough#FALLBACK} when the branches emitted nothing for it (including when none matched),
   * {@link PassThrough#ALWAYS} after the branches' output in every case.
   */
  static PartProcessor parallel(PassThrough passThrough, PartProcessor... processors) {
    return new ParallelPartProcessor(
        List.of(processors), Objects.requireNonNull(passThrough, "passThrough"));
  }

  /** When {@link #parallel(PassThrough, PartProcessor...)} emits the input part itself. */
  enum PassThrough {
    /** Never: only the branches' output (genai-processors' default). */
    NEVER,
    /** When the branches emitted no data part for it (Python's {@code PASSTHROUGH_FALLBACK}). */
    FALLBACK,
    /** Always, after the branches' output (Python's {@code PASSTHROUGH_ALWAYS}). */
    ALWAYS
  }
}
