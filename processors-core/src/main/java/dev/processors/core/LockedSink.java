package dev.processors.core;

import java.util.concurrent.locks.ReentrantLock;

/** Lets several threads emit into one single-producer sink, one at a time. */
final class LockedSink implements PartSink {
  private final PartSink delegate;
  private final ReentrantLock lock = new ReentrantLock();

  LockedSink(PartSink delegate) {
    this.delegate = delegate;
  }

  static PartSink of(PartSink sink) {
    return sink instanceof LockedSink ? sink : new LockedSink(sink);
  }

  @Override
  public PartSink shared() {
    return this;
  }

  @Override
  public void emit(ProcessorPart part) {
    lock.lock();
    try {
      delegate.emit(part);
    } finally {
      lock.unlock();
    }
  }
}
