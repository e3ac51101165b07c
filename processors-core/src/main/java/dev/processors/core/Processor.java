package dev.processors.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stage of a pipeline: reads parts from {@code in} and emits parts to {@code out}, on a virtual
 * thread of its own.
 *
 * <pre>{@code
 * Processor upper = (in, out) -> {
 *   for (ProcessorPart part : in) {
 *     out.emit(part.text().map(t -> ProcessorPart.text(t.toUpperCase())).orElse(part));
 *   }
 * };
 * try (ProcessorRun run = upper.andThen(model).start(List.of(ProcessorPart.text("hi")))) {
 *   for (ProcessorPart part : run) System.out.println(part);
 * }
 * }</pre>
 *
 * <p>A {@link PartProcessor} is a {@code Processor} too, so part and stream processors mix freely
 * in {@link #andThen} and {@link #chain}; adjacent part processors are fused.
 *
 * <p><b>Threading.</b> {@code process} runs on one thread per run; an instance is shared by every
 * run that uses it, so keep per-run state in local variables, not fields. Reading blocks while the
 * input is empty and emitting blocks while the next stage is full (backpressure). To do several
 * things at once inside a stage, fork tasks with {@link TaskScope} and emit through {@link
 * PartSink#shared()}; never start raw threads.
 *
 * <p><b>Errors.</b> An exception thrown by {@code process} fails the run: every stage is cancelled
 * and the consumer gets a {@link ProcessorException} naming this stage, after the output emitted
 * before the failure and before any emitted after it (see {@link ProcessorRun}). Cancellation
 * reaches {@code process} as a {@link java.util.concurrent.CancellationException} from {@code in}
 * or {@code out}, or as an interrupt of its thread.
 */
@FunctionalInterface
public interface Processor {

  /** Processes the whole input stream, emitting output as it goes. */
  void process(PartStream in, PartSink out) throws Exception;

  /** The name used in errors, thread names and metrics; the class name by default. */
  default String name() {
    return ProcessorNames.of(this);
  }

  /** This processor under another name. */
  default Processor named(String name) {
    return new Named.NamedProcessor(this, name);
  }

  /**
   * This processor followed by {@code next} (Python's {@code +}), joined by a bounded channel.
   * Out-of-band parts skip the later stage. Part processors that follow one another are fused onto
   * one thread.
   */
  default Processor andThen(Processor next) {
    return Pipeline.of(List.of(this, Objects.requireNonNull(next, "next")));
  }

  /**
   * This processor retried under {@code policy} when an attempt fails before emitting any data; see
   * {@link Processors#retry(Processor, RetryPolicy)}.
   */
  default Processor retry(RetryPolicy policy) {
    return Processors.retry(this, policy);
  }

  /**
   * This processor failing with {@link ProcessorTimeoutException} when it has not finished within
   * {@code limit} on {@code clock}; see {@link Processors#timeout(Processor, Duration, Clock)}.
   */
  default Processor timeout(Duration limit, Clock clock) {
    return Processors.timeout(this, limit, clock);
  }

  /**
   * This processor serving repeated identical inputs from {@code cache}; see {@link
   * Processors#cached(Processor, ProcessorCache)}.
   */
  default Processor cached(ProcessorCache cache) {
    return Processors.cached(this, cache);
  }

  /**
   * Starts a run over {@code input} on virtual threads and returns at once. Iterate the run for the
   * output; close it to cancel everything it started. {@code input} may be a list, any iterable
   * (read on a thread of the run), a {@link PartQueue} or a {@link PartStream}. Started from a
   * thread of another run, the new run inherits that run's options and cancellation.
   */
  default ProcessorRun start(Iterable<? extends ProcessorPart> input) {
    return ProcessorRun.start(this, input, Scope.currentOptions());
  }

  /** Starts a run with explicit options (cancellation is still inherited inside another run). */
  default ProcessorRun start(Iterable<? extends ProcessorPart> input, RunOptions options) {
    return ProcessorRun.start(this, input, options);
  }

  /** Runs over {@code input} to the end and returns all output (out-of-band parts included). */
  default List<ProcessorPart> apply(List<ProcessorPart> input) {
    try (ProcessorRun run = start(input)) {
      return run.toList();
    }
  }

  /** Runs over one text part and returns all output. */
  default List<ProcessorPart> apply(String text) {
    return apply(List.of(ProcessorPart.text(text)));
  }

  /**
   * A chain of processors, part and stream processors mixed: adjacent part processors are fused,
   * every other stage runs on its own thread.
   */
  static Processor chain(Processor... processors) {
    return Pipeline.of(List.of(processors));
  }

  /** A chain of processors from a list. */
  static Processor chain(List<? extends Processor> processors) {
    return Pipeline.of(new ArrayList<>(processors));
  }

  /**
   * Every processor reads the whole input; their outputs are concatenated in argument order (the
   * first one's output streams at once, later ones' outputs are buffered until their turn). A later
   * processor that buffers more than 10,000 parts fails the run with a clear error: use {@link
   * #parallelConcat(int, Processor...)} to raise the limit. With no processors, the output is
   * empty.
   */
  static Processor parallelConcat(Processor... processors) {
    return ParallelConcat.of(List.of(processors), 10_000);
  }

  /** {@link #parallelConcat(Processor...)} with an explicit limit on buffered parts per branch. */
  static Processor parallelConcat(int maxBufferedParts, Processor... processors) {
    return ParallelConcat.of(List.of(processors), maxBufferedParts);
  }

  /**
   * Every processor reads the whole input; their outputs are merged as they arrive (order is kept
   * within each processor's output, not across them). A member that ends with a {@link
   * java.util.concurrent.CancellationException} just ends; the others go on. With no processors,
   * the output is empty.
   */
  static Processor merge(Processor... processors) {
    return Merge.of(List.of(processors));
  }
}
