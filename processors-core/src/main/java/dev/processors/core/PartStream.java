package dev.processors.core;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The input of a {@link Processor}: a blocking, single-use iterator over parts.
 *
 * <p>{@link #hasNext()} blocks until a part is available or the stream has ended; blocking is cheap
 * because every stage runs on its own virtual thread. Control signals queued behind data come out
 * first. If the run is cancelled while waiting, the call throws {@link
 * java.util.concurrent.CancellationException}; let it propagate. A stream is read by one thread.
 */
public interface PartStream extends Iterator<ProcessorPart>, Iterable<ProcessorPart> {

  /** Blocks until a part is available (true) or the stream has ended (false). */
  @Override
  boolean hasNext();

  /**
   * The next part; blocks like {@link #hasNext()}.
   *
   * @throws java.util.NoSuchElementException if the stream has ended
   */
  @Override
  ProcessorPart next();

  /** This stream itself: a {@code PartStream} can be iterated only once. */
  @Override
  default Iterator<ProcessorPart> iterator() {
    return this;
  }

  /** Reads the rest of the stream into a list (blocks until the stream ends). */
  default List<ProcessorPart> toList() {
    List<ProcessorPart> parts = new ArrayList<>();
    while (hasNext()) {
      parts.add(next());
    }
    return parts;
  }

  /** A stream over the parts of an iterable, read on the caller's thread. */
  static PartStream of(Iterable<? extends ProcessorPart> parts) {
    return IterableStream.of(parts);
  }
}
