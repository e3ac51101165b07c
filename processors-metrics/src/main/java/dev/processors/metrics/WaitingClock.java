package dev.processors.metrics;

import dev.processors.core.Clock;
import dev.processors.core.Wakeup;
import java.time.Instant;

/**
 * The metrics' clock as stages see it: the given clock, noting on each thread how long it waited on
 * the clock and when its latest wait ended. A stage that waits on purpose (a rate limiter pacing
 * audio, a debounce timer) through this clock has that time counted as waiting, not processing.
 *
 * <p>Thread-safe: each thread writes only its own record.
 */
final class WaitingClock implements Clock {
  private static final int TOTAL = 0;
  private static final int LAST_WAKE = 1;
  private static final ThreadLocal<long[]> WAITS = ThreadLocal.withInitial(() -> new long[2]);

  private final Clock delegate;

  WaitingClock(Clock delegate) {
    this.delegate = delegate;
  }

  /** Nanoseconds this thread has spent waiting on any metrics' clock so far. */
  static long waitedOnThisThread() {
    return WAITS.get()[TOTAL];
  }

  /** When this thread's latest wait on a metrics' clock ended ({@code Long.MIN_VALUE}: never). */
  static long lastWakeOnThisThread() {
    long[] w = WAITS.get();
    return w[TOTAL] == 0 ? Long.MIN_VALUE : w[LAST_WAKE];
  }

  @Override
  public long nanoTime() {
    return delegate.nanoTime();
  }

  @Override
  public Instant instant() {
    return delegate.instant();
  }

  @Override
  public void sleepUntil(long deadlineNanos) throws InterruptedException {
    long start = delegate.nanoTime();
    try {
      delegate.sleepUntil(deadlineNanos);
    } finally {
      noteWait(start);
    }
  }

  @Override
  public boolean awaitUntil(long deadlineNanos, Wakeup wakeup) throws InterruptedException {
    long start = delegate.nanoTime();
    try {
      return delegate.awaitUntil(deadlineNanos, wakeup);
    } finally {
      noteWait(start);
    }
  }

  private void noteWait(long start) {
    long end = delegate.nanoTime();
    long[] w = WAITS.get();
    w[TOTAL] += Math.max(1, end - start);
    w[LAST_WAKE] = end;
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
