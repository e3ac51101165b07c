package dev.processors.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A running pipeline: iterate it for the output, close it to stop.
 *
 * <pre>{@code
 * try (ProcessorRun run = pipeline.start(input)) {
 *   for (ProcessorPart part : run) {
 *     render(part);
 *   }
 * }
 * }</pre>
 *
 * <p><b>Blocking.</b> Iteration blocks while no output is ready. The output is read by one thread
 * (iterating again continues where it stopped). <b>Ordering.</b> Output comes in the order the last
 * stage emitted it, except that out-of-band parts (status, debug, ui) and control signals overtake
 * queued data.
 *
 * <p><b>Errors.</b> When a stage fails, every stage is cancelled and iteration throws a {@link
 * ProcessorException} naming the stage. Output the run had emitted when the failure was recorded
 * comes first (so a failing last stage, or a failing single processor such as a model, hands over
 * every part it emitted before it threw); output emitted after it is never shown (see decision 0009
 * in {@code docs/decisions}). <b>Closing</b> cancels every thread the run started and waits for
 * them to end; it is idempotent and safe from any thread. Iterating a closed run throws {@link
 * CancellationException}.
 *
 * <p><b>Nested runs.</b> A run started on a thread of another run (inside a stage, a task of a
 * {@link TaskScope}) inherits that run's {@link RunOptions} unless given its own, and is cancelled
 * when that run is cancelled or closed. Its failure is its own: the caller sees it when reading.
 */
public final class ProcessorRun implements Iterable<ProcessorPart>, AutoCloseable {
  private final Scope scope;
  private final SpscChannel output;
  private final Thread root;
  private final PartStream input;
  private final Iterator<ProcessorPart> iterator = new OutputIterator();
  private final AtomicLong failureCutoff = new AtomicLong(NO_CUTOFF);
  private volatile boolean closed;

  private static final long NO_CUTOFF = -1;

  private ProcessorRun(Processor processor, PartStream input, RunOptions options) {
    this.input = input;
    OutOfBandRelay relay = new OutOfBandRelay();
    this.scope = Scope.root(options, relay);
    this.output = new SpscChannel(scope, options.channelCapacity());
    relay.target = output;
    scope.onFailure(this::failureCutoff); // what was published when the failure was recorded
    scope.onCancel(output::wakeConsumer);
    ChannelSink sink = new ChannelSink(output, relay, options);
    String name = processor.name();
    // A pipeline decorates each of its stages; a single processor is the run's only stage.
    Processor root = processor instanceof Pipeline ? processor : options.decorate(processor);
    this.root =
        scope.start(
            "processors:" + name,
            () -> {
              try {
                root.process(input, sink);
                output.complete();
              } catch (Throwable t) {
                if (!scope.isCancelled() && !(t instanceof DownstreamClosedException)) {
                  output.publishIfSoleProducer(); // what it emitted came before its failure
                  scope.fail(name, t);
                }
              } finally {
                ClosableStream.closeIfClosable(input);
              }
            });
  }

  static ProcessorRun start(
      Processor processor, Iterable<? extends ProcessorPart> input, RunOptions options) {
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(options, "options");
    return new ProcessorRun(
        processor, PartStream.of(Objects.requireNonNull(input, "input")), options);
  }

  /**
   * The output, blocking as described above. A run has a single iterator: calling this again
   * returns the same one, which goes on where the last iteration stopped.
   */
  @Override
  public Iterator<ProcessorPart> iterator() {
    return iterator;
  }

  /** Collects the rest of the output until the run ends (or throws its failure). */
  public List<ProcessorPart> toList() {
    List<ProcessorPart> parts = new ArrayList<>();
    iterator().forEachRemaining(parts::add);
    return parts;
  }

  /** The output as a sequential Java stream; closing the stream closes the run. */
  public Stream<ProcessorPart> stream() {
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                iterator(), Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(this::close);
  }

  /** How many data parts interruptions dropped before they reached this run's output. */
  public long droppedByInterrupt() {
    return output.droppedByInterrupt();
  }

  /** True once closed or failed. */
  public boolean isDone() {
    return closed || scope.isCancelled() || !root.isAlive();
  }

  /**
   * The output position up to which parts are handed over after a failure: fixed once, by the first
   * of the failing thread (through the scope's failure hook, before anyone is interrupted) and the
   * reader to look.
   */
  private long failureCutoff() {
    long c = failureCutoff.get();
    if (c != NO_CUTOFF) {
      return c;
    }
    failureCutoff.compareAndSet(NO_CUTOFF, output.publishedCount());
    return failureCutoff.get();
  }

  /** Cancels everything this run started and waits for its threads to end. Idempotent. */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      scope.cancel();
    }
    output.consumerDone();
    ClosableStream.closeIfClosable(input);
    scope.joinAll();
    scope.detach();
  }

  private final class OutputIterator implements Iterator<ProcessorPart> {
    private ProcessorPart next;
    private boolean ended;

    @Override
    public boolean hasNext() {
      if (next != null) {
        return true;
      }
      ProcessorException failure = scope.failure();
      if (failure != null) {
        return handOverBefore(failure);
      }
      checkOpen();
      if (ended) {
        return false;
      }
      ProcessorPart p;
      try {
        p = output.take();
      } catch (CancellationException e) {
        failure = scope.failure();
        if (failure != null) {
          return handOverBefore(failure);
        }
        checkOpen();
        throw e;
      }
      failure = scope.failure();
      if (failure != null) {
        // Taken while the run failed: shown only if it was published before the failure.
        if (p != null && output.consumedCount() <= failureCutoff()) {
          next = p;
          return true;
        }
        return handOverBefore(failure);
      }
      checkOpen();
      if (p == null) {
        ended = true;
        return false;
      }
      next = p;
      return true;
    }

    @Override
    public ProcessorPart next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the run has ended");
      }
      ProcessorPart p = next;
      next = null;
      return p;
    }

    /** The next part emitted before the failure, without waiting; else throws the failure. */
    private boolean handOverBefore(ProcessorException failure) {
      if (!closed) {
        ProcessorPart p = output.pollBefore(failureCutoff());
        if (p != null) {
          next = p;
          return true;
        }
      }
      throw failure;
    }

    private void checkOpen() {
      if (closed) {
        throw new CancellationException("the run was closed");
      }
    }
  }

  /** Routes out-of-band parts from any stage straight into the output's priority lane. */
  private static final class OutOfBandRelay implements PartSink {
    volatile Channel target;

    @Override
    public void emit(ProcessorPart part) {
      target.putOutOfBand(part);
    }
  }
}
