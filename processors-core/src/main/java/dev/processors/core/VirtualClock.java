package dev.processors.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that moves only when a test says so, for deterministic real-time tests.
 *
 * <p>Threads calling {@link #sleepUntil} block until {@link #advance} moves time to or past their
 * deadline. A test typically starts a pipeline, waits with {@link #awaitSleepers} until the stages
 * it expects are asleep, then advances. Thread-safe.
 *
 * <pre>{@code
 * VirtualClock clock = Clock.virtual();
 * try (ProcessorRun run = limiter.start(input)) {
 *   clock.awaitSleepers(1);
 *   clock.advance(Duration.ofMillis(40));
 * }
 * }</pre>
 */
public final class VirtualClock implements Clock {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final PriorityQueue<Sleeper> deadlines =
      new PriorityQueue<>((a, b) -> Long.compare(a.deadline, b.deadline));
  private final Instant origin;
  private long now;
  private int unresumed; // waiters released (time moved, or signalled) that have not returned yet
  private final Set<Wakeup> awaited = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Set<Wakeup> signalled = Collections.newSetFromMap(new IdentityHashMap<>());

  private VirtualClock(Instant origin) {
    this.origin = origin;
  }

  /** A virtual clock at time 0, whose instant starts at 2026-01-01T00:00:00Z. */
  public static VirtualClock create() {
    return new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  }

  @Override
  public long nanoTime() {
    lock.lock();
    try {
      return now;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Instant instant() {
    return origin.plusNanos(nanoTime());
  }

  @Override
  public void sleepUntil(long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      if (deadlineNanos <= now) {
        return;
      }
      Sleeper entry = new Sleeper(deadlineNanos);
      deadlines.add(entry);
      changed.signalAll();
      try {
        while (now < deadlineNanos) {
          changed.await();
        }
      } finally {
        leave(entry);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until time reaches {@code deadlineNanos} (moved by {@link #advance}) or {@code wakeup} is
   * signalled. The waiting thread counts as a sleeper while it waits, with {@code deadlineNanos} as
   * its deadline ({@link Long#MAX_VALUE}: a sleeper that only a signal wakes).
   */
  @Override
  public boolean awaitUntil(long deadlineNanos, Wakeup wakeup) throws InterruptedException {
    wakeup.waitingOn(this);
    try {
      lock.lock();
      awaited.add(wakeup);
      try {
        if (wakeup.tryConsume()) {
          return true;
        }
        if (deadlineNanos <= now) {
          return false;
        }
        Sleeper entry = new Sleeper(deadlineNanos);
        deadlines.add(entry);
        changed.signalAll();
        try {
          while (true) {
            if (wakeup.tryConsume()) {
              return true;
            }
            if (now >= deadlineNanos) {
              return false;
            }
            changed.await();
          }
        } finally {
          leave(entry);
        }
      } finally {
        awaited.remove(wakeup);
        if (signalled.remove(wakeup)) {
          unresumed--;
        }
        lock.unlock();
      }
    } finally {
      wakeup.waitingOn(null);
    }
  }

  /**
   * Lets every waiting thread re-check its wake-up, {@code wakeup} having been signalled; a thread
   * waiting on it counts as unresumed until it returns.
   */
  void wakeWaiters(Wakeup wakeup) {
    lock.lock();
    try {
      // Counted only while the signal is pending: a late call for a signal the waiter has already
      // taken must not count against its next wait.
      if (awaited.contains(wakeup) && wakeup.isSignalled() && signalled.add(wakeup)) {
        unresumed++;
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // Due sleepers leave the queue at once, so sleepers() counts only threads still waiting; until
  // their threads have returned they count as unresumed.
  private void releaseDue() {
    while (!deadlines.isEmpty() && deadlines.peek().deadline <= now) {
      deadlines.poll().released = true;
      unresumed++;
    }
    changed.signalAll();
  }

  /** A sleeper's thread is returning (lock held). */
  private void leave(Sleeper entry) {
    if (entry.released) {
      unresumed--;
    } else {
      deadlines.remove(entry);
    }
    changed.signalAll();
  }

  /**
   * How many threads a move of time has released that have not yet returned from their wait: a
   * driver that moves time waits for this to be zero before it judges the run idle.
   */
  int unresumed() {
    lock.lock();
    try {
      return unresumed;
    } finally {
      lock.unlock();
    }
  }

  private static final class Sleeper {
    final long deadline;
    boolean released;

    Sleeper(long deadline) {
      this.deadline = deadline;
    }
  }

  /** Moves time forward by {@code duration}, waking every sleeper whose deadline has come. */
  public void advance(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("cannot move a clock backwards: " + duration);
    }
    lock.lock();
    try {
      now += duration.toNanos();
      releaseDue();
    } finally {
      lock.unlock();
    }
  }

  /** Moves time to {@code nanos} (no-op if already past it). */
  public void advanceTo(long nanos) {
    lock.lock();
    try {
      if (nanos > now) {
        now = nanos;
        releaseDue();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of threads currently waiting on this clock, in {@link #sleepUntil} or {@link
   * #awaitUntil}.
   */
  public int sleepers() {
    lock.lock();
    try {
      return deadlines.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The earliest deadline among the sleeping threads; empty when none sleeps or every sleeper waits
   * only for a {@link Wakeup} signal.
   */
  public OptionalLong nextDeadline() {
    lock.lock();
    try {
      Sleeper next = deadlines.peek();
      return next == null || next.deadline == Long.MAX_VALUE
          ? OptionalLong.empty()
          : OptionalLong.of(next.deadline);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until at least {@code count} threads sleep on this clock.
   *
   * @throws TimeoutException if that does not happen within 10 seconds of real time
   */
  public void awaitSleepers(int count) throws InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    lock.lock();
    try {
      while (deadlines.size() < count) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "expected " + count + " sleepers on the virtual clock, have " + deadlines.size());
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits for a sleeper, then advances time to the earliest deadline; returns the new time. A
   * convenient step for tests that walk through a schedule.
   */
  public long advanceToNextDeadline() throws InterruptedException, TimeoutException {
    awaitSleepers(1);
    long next =
        nextDeadline()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no sleeper has a deadline: every one waits for a Wakeup signal"));
    advanceTo(next);
    return next;
  }

  @Override
  public String toString() {
    return "VirtualClock[now=" + nanoTime() + "ns]";
  }
}
