package dev.processors.core;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One task of a {@link TaskScope}: a thread of the scope plus its outcome. A task forked with a
 * grace period ({@link TaskScope#forkAbandonable}) may be let go: once it has been cancelled for
 * longer than its grace and still runs, waiting for it ends and its thread runs on, untracked.
 */
final class TaskFork<T> implements Fork<T> {
  private static final System.Logger LOG = System.getLogger(TaskScope.class.getName());
  private static final AtomicInteger ABANDONED_RUNNING = new AtomicInteger();
  private static final int RUNNING = 0;
  private static final int ENDED = 1;
  private static final int ABANDONED = 2;

  private final Scope scope;
  private final String name;
  private final Callable<? extends T> body;
  private final Duration grace; // null: never abandoned
  private final AtomicInteger state = new AtomicInteger(RUNNING);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private volatile Thread thread;
  private volatile boolean cancelled;
  private volatile long cancelledAt;
  private volatile T value;
  private volatile Throwable failure;

  TaskFork(Scope scope, String name, Callable<? extends T> body, Duration grace) {
    this.scope = scope;
    this.name = name;
    this.body = body;
    this.grace = grace;
  }

  /** Abandoned tasks whose threads still run, JVM-wide. */
  static int abandonedRunning() {
    return ABANDONED_RUNNING.get();
  }

  void start() {
    thread = scope.start("processors:" + name, this::run, grace == null ? null : this);
  }

  private void run() {
    try {
      value = body.call();
    } catch (CancellationException e) {
      // Cancelled, or its downstream stopped reading: the task just ends.
      cancelled = true;
    } catch (Throwable t) {
      if (cancelled || scope.isCancelled() || state.get() == ABANDONED) {
        cancelled = true;
      } else {
        failure = t;
        scope.failRun(name, t);
      }
    } finally {
      if (!state.compareAndSet(RUNNING, ENDED)) {
        ABANDONED_RUNNING.decrementAndGet(); // it was let go and has now returned
      }
      if (grace != null) {
        signal();
      }
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void await() {
    Thread t = thread;
    if (t == null) {
      return;
    }
    try {
      if (grace == null) {
        t.join();
      } else {
        awaitOrAbandon();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw scope.isCancelled()
          ? scope.cancellation()
          : new CancellationException("interrupted while waiting for '" + name + "'");
    }
  }

  /**
   * Waits until the task ends, or, once it has been cancelled, until its grace has passed; then
   * lets it go. Called by the scope while it closes (the task is cancelled by then).
   */
  void awaitOrAbandon() throws InterruptedException {
    lock.lock();
    try {
      while (state.get() == RUNNING) {
        if (!cancelled && scope.isCancelled()) {
          markCancelled();
        }
        if (!cancelled) {
          changed.await();
          continue;
        }
        long left = cancelledAt + grace.toNanos() - System.nanoTime();
        if (left <= 0) {
          if (abandon()) {
            return;
          }
          continue; // it ended just now
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
    if (state.get() == ENDED) {
      thread.join(); // it has ended its body: wait until the thread itself is gone
    }
  }

  private boolean abandon() {
    if (!state.compareAndSet(RUNNING, ABANDONED)) {
      return false;
    }
    ABANDONED_RUNNING.incrementAndGet();
    LOG.log(
        System.Logger.Level.WARNING,
        "task ''{0}'' ignored its cancellation for {1} ms; no longer waiting for it: its thread"
            + " runs on until it returns, and its result is dropped",
        name,
        TimeUnit.NANOSECONDS.toMillis(grace.toNanos()));
    return true;
  }

  /** Records when the task was cancelled (its grace counts from then) and wakes its waiters. */
  void markCancelled() {
    if (!cancelled) {
      cancelledAt = System.nanoTime();
      cancelled = true;
    }
    if (grace != null) {
      signal();
    }
  }

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public T join() {
    await();
    if (state.get() == ABANDONED) {
      throw new CancellationException(
          "task '" + name + "' ignored its cancellation and was let go");
    }
    Throwable f = failure;
    if (f != null) {
      throw f instanceof ProcessorException pe ? pe : new ProcessorException(name, f);
    }
    if (cancelled) {
      throw new CancellationException("task '" + name + "' was cancelled");
    }
    return value;
  }

  @Override
  public boolean isDone() {
    return state.get() != RUNNING || (thread != null && !thread.isAlive());
  }

  /** True if the task was let go while its thread still ran. */
  boolean isAbandoned() {
    return state.get() == ABANDONED;
  }

  @Override
  public void cancel() {
    Thread t = thread;
    if (state.get() == RUNNING && t != null) {
      markCancelled();
      t.interrupt();
    }
  }

  @Override
  public String toString() {
    return "Fork["
        + name
        + switch (state.get()) {
          case ENDED -> ", done";
          case ABANDONED -> ", abandoned";
          default -> "";
        }
        + "]";
  }
}
