package dev.processors.core;

import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Moves a replay's virtual clock only when the run has settled: every thread the run made waits
 * without a timeout (a thread in a timed wait will wake by itself), and neither the recorded
 * progress nor the clock's sleepers changed across several looks. A waiting virtual thread that
 * another thread wakes turns runnable at once, so a chain of wake-ups always shows some thread
 * running or some progress moving.
 */
final class ReplayDriver {
  /** Consecutive quiet looks, with the same progress and sleepers, that count as settled. */
  private static final int QUIET_LOOKS = 3;

  private final VirtualClock clock;
  private final AtomicLong progress;
  private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

  ReplayDriver(VirtualClock clock, AtomicLong progress) {
    this.clock = clock;
    this.progress = progress;
  }

  /** {@code base}, with every thread it makes watched. */
  ThreadFactory track(ThreadFactory base) {
    return r -> {
      Thread t = base.newThread(r);
      if (t != null) {
        threads.add(t);
      }
      return t;
    };
  }

  /** Counts something that moved (an input fed, an output taken). */
  void moved() {
    progress.incrementAndGet();
  }

  /**
   * Blocks until the run has settled.
   *
   * @throws ReplayException if it does not within {@code timeout} of real time
   */
  void awaitSettled(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int quiet = 0;
    long lastProgress = -1;
    int lastSleepers = -1;
    long lastDeadline = -1;
    for (int look = 0; ; look++) {
      long p = progress.get();
      int sleepers = clock.sleepers();
      long next = clock.nextDeadline().orElse(-1);
      if (allWaiting() && progress.get() == p) {
        boolean same = p == lastProgress && sleepers == lastSleepers && next == lastDeadline;
        quiet = same ? quiet + 1 : 1;
        if (quiet >= QUIET_LOOKS) {
          return;
        }
      } else {
        quiet = 0;
      }
      lastProgress = p;
      lastSleepers = sleepers;
      lastDeadline = next;
      pause(look);
      if ((look & 63) == 63 && System.nanoTime() > deadline) {
        throw new ReplayException(
            String.format(
                Locale.ROOT,
                "the pipeline did not settle within %d s of real time at %.3f s of the replay: a"
                    + " thread keeps running (it busy-waits, or waits for something outside the"
                    + " replay with a timeout); threads: %s",
                timeout.toSeconds(),
                clock.nanoTime() / 1e9,
                describeThreads()));
      }
    }
  }

  private boolean allWaiting() {
    for (Iterator<Thread> it = threads.iterator(); it.hasNext(); ) {
      Thread t = it.next();
      Thread.State state = t.getState();
      if (state == Thread.State.TERMINATED) {
        it.remove();
      } else if (state != Thread.State.WAITING) {
        return false;
      }
    }
    return true;
  }

  private static void pause(int look) {
    if (look < 16) {
      Thread.onSpinWait();
    } else if (look < 64) {
      Thread.yield();
    } else {
      LockSupport.parkNanos(look < 256 ? 20_000 : 200_000);
    }
  }

  /** The run's live threads and their states, for error messages. */
  String describeThreads() {
    StringJoiner j = new StringJoiner(", ");
    for (Thread t : threads) {
      if (t.isAlive()) {
        j.add(t.getName() + " " + t.getState());
      }
    }
    return j.length() == 0 ? "none" : j.toString();
  }
}
