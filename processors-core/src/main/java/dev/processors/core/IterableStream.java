package dev.processors.core;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;

/** A PartStream over a plain iterator, read on the consumer's thread. */
final class IterableStream implements PartStream {
  private final Iterator<? extends ProcessorPart> it;

  private IterableStream(Iterator<? extends ProcessorPart> it) {
    this.it = it;
  }

  static PartStream of(Iterable<? extends ProcessorPart> parts) {
    Objects.requireNonNull(parts, "parts");
    if (parts instanceof PartQueue q) {
      return q.stream();
    }
    if (parts instanceof PartStream s) {
      return s;
    }
    return new IterableStream(parts.iterator());
  }

  @Override
  public boolean hasNext() {
    return it.hasNext();
  }

  @Override
  public ProcessorPart next() {
    if (!it.hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    ProcessorPart p = it.next();
    if (p == null) {
      throw new NullPointerException("the input iterable yielded a null part");
    }
    return p;
  }
}
