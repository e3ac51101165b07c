package dev.processors.core;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/** The real clock. Sleeps with parkNanos, which unmounts a virtual thread instead of pinning it. */
final class SystemClock implements Clock {
  static final SystemClock INSTANCE = new SystemClock();

  private SystemClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Instant instant() {
    return Instant.now();
  }

  @Override
  public void sleepUntil(long deadlineNanos) throws InterruptedException {
    long remaining;
    while ((remaining = deadlineNanos - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, remaining);
      if (Thread.interrupted()) {
        throw new InterruptedException("sleep interrupted");
      }
    }
  }

  @Override
  public boolean awaitUntil(long deadlineNanos, Wakeup wakeup) throws InterruptedException {
    return wakeup.awaitSystem(deadlineNanos);
  }

  @Override
  public String toString() {
    return "Clock.system()";
  }
}
