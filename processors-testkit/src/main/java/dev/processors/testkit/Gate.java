package dev.processors.testkit;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A point in a {@link FakeTurn} where the fake server holds back the rest of the stream until the
 * test lets it go: {@link #release()} lets one waiting step pass, {@link #open()} lets every step
 * pass from now on.
 *
 * <pre>{@code
 * Gate gate = Gate.create();
 * fake.enqueue(FakeTurn.builder().text("Hello").awaitRelease(gate).text(" world").build());
 * // ... the consumer sees "Hello" while the fake still holds " world" ...
 * gate.open();
 * }</pre>
 *
 * <p>Thread-safe. A server thread waiting at a gate also stops waiting when the client disconnects
 * or the server closes.
 */
public final class Gate {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long permits;
  private boolean open;
  private int waiting;
  private long passed;

  private Gate() {}

  /** A closed gate. */
  public static Gate create() {
    return new Gate();
  }

  /** Lets one waiting (or the next arriving) step pass. Never blocks. */
  public void release() {
    lock.lock();
    try {
      permits++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Opens the gate for good: every waiting and future step passes. Never blocks. */
  public void open() {
    lock.lock();
    try {
      open = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The number of server threads holding at this gate right now. */
  public int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /** How many steps have passed this gate so far. */
  public long passed() {
    lock.lock();
    try {
      return passed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until a server thread holds at this gate, or {@code timeout} passes.
   *
   * @return true if a thread is waiting
   * @throws InterruptedException if the calling thread is interrupted
   */
  public boolean awaitWaiting(Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (waiting == 0) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until the gate lets this caller pass, polling {@code stillWanted} every few milliseconds;
   * returns false (without passing) as soon as it says no.
   */
  boolean pass(java.util.function.BooleanSupplier stillWanted) throws InterruptedException {
    return pass(stillWanted, () -> {}, Long.MAX_VALUE);
  }

  /**
   * As {@link #pass(java.util.function.BooleanSupplier)}, and runs {@code beat} (outside the lock)
   * every {@code beatNanos} while waiting.
   */
  boolean pass(java.util.function.BooleanSupplier stillWanted, Runnable beat, long beatNanos)
      throws InterruptedException {
    lock.lock();
    try {
      waiting++;
      changed.signalAll();
      try {
        long nextBeat = System.nanoTime() + beatNanos;
        while (!open && permits == 0) {
          if (!stillWanted.getAsBoolean()) {
            return false;
          }
          if (System.nanoTime() - nextBeat >= 0) {
            lock.unlock();
            try {
              beat.run();
            } finally {
              lock.lock();
            }
            nextBeat = System.nanoTime() + beatNanos;
            continue;
          }
          changed.await(5, TimeUnit.MILLISECONDS);
        }
        if (!open) {
          permits--;
        }
        passed++;
        return true;
      } finally {
        waiting--;
        changed.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Gate[" + (open ? "open" : permits + " permits") + ", " + waiting + " waiting]";
    } finally {
      lock.unlock();
    }
  }
}
