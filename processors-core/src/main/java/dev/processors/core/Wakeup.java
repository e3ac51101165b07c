package dev.processors.core;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A wake-up call for a thread waiting on a {@link Clock}: {@link Clock#awaitUntil} returns early
 * once {@link #signal()} is called, so a processor that waits for a deadline <i>or</i> for news (a
 * new part, an interruption, a closed socket) never needs to interrupt a thread to wake it.
 *
 * <pre>{@code
 * Wakeup news = Wakeup.create();
 * // waiting thread:
 * boolean signalled = clock.awaitUntil(nextRelease, news);
 * // any other thread:
 * news.signal();
 * }</pre>
 *
 * <p>Like a permit: a signal given while nobody waits is kept, and the next wait returns at once
 * and consumes it; several signals before a wait count as one. One thread waits on a wake-up at a
 * time; any number of threads may signal it. Thread-safe; never blocks the signalling thread for
 * longer than a lock hand-off.
 */
public final class Wakeup {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition signalled = lock.newCondition();
  private boolean permit;
  private VirtualClock waitingOn;

  private Wakeup() {}

  /** A new wake-up without a pending signal. */
  public static Wakeup create() {
    return new Wakeup();
  }

  /** Wakes the thread waiting on this wake-up, or makes its next wait return at once. */
  public void signal() {
    VirtualClock clock;
    lock.lock();
    try {
      permit = true;
      signalled.signalAll();
      clock = waitingOn;
    } finally {
      lock.unlock();
    }
    if (clock != null) {
      clock.wakeWaiters(this);
    }
  }

  /** True if a signal is pending (without consuming it). */
  public boolean isSignalled() {
    lock.lock();
    try {
      return permit;
    } finally {
      lock.unlock();
    }
  }

  /** Consumes a pending signal; true if there was one. */
  boolean tryConsume() {
    lock.lock();
    try {
      boolean had = permit;
      permit = false;
      return had;
    } finally {
      lock.unlock();
    }
  }

  void waitingOn(VirtualClock clock) {
    lock.lock();
    try {
      waitingOn = clock;
    } finally {
      lock.unlock();
    }
  }

  /** Waits on the system's nanosecond counter: see {@link Clock#awaitUntil}. */
  boolean awaitSystem(long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (!permit) {
        if (deadlineNanos == Long.MAX_VALUE) {
          signalled.await();
          continue;
        }
        long remaining = deadlineNanos - System.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        signalled.awaitNanos(remaining);
      }
      permit = false;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits on a clock this class knows nothing about: re-reads {@code clock} at least every
   * millisecond of real time, so the wait ends within about a millisecond of its deadline.
   */
  boolean awaitPolling(Clock clock, long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (!permit) {
        long remaining =
            deadlineNanos == Long.MAX_VALUE ? Long.MAX_VALUE : deadlineNanos - clock.nanoTime();
        if (remaining <= 0) {
          return false;
        }
        signalled.awaitNanos(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(1)));
      }
      permit = false;
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Wakeup[" + (isSignalled() ? "signalled" : "idle") + "]";
  }
}
