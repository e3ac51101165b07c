package dev.processors.core;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;

/** One task of a {@link TaskScope}: a thread of the scope plus its outcome. */
final class TaskFork<T> implements Fork<T> {
  private final Scope scope;
  private final String name;
  private final Callable<? extends T> body;
  private volatile Thread thread;
  private volatile boolean done;
  private volatile boolean cancelled;
  private volatile T value;
  private volatile Throwable failure;

  TaskFork(Scope scope, String name, Callable<? extends T> body) {
    this.scope = scope;
    this.name = name;
    this.body = body;
  }

  void start() {
    thread = scope.start("processors:" + name, this::run);
  }

  private void run() {
    try {
      value = body.call();
    } catch (CancellationException e) {
      // Cancelled, or its downstream stopped reading: the task just ends.
      cancelled = true;
    } catch (Throwable t) {
      if (cancelled || scope.isCancelled()) {
        cancelled = true;
      } else {
        failure = t;
        scope.failRun(name, t);
      }
    } finally {
      done = true;
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
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw scope.isCancelled()
          ? scope.cancellation()
          : new CancellationException("interrupted while joining '" + name + "'");
    }
  }

  @Override
  public T join() {
    await();
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
    return done || (thread != null && !thread.isAlive());
  }

  @Override
  public void cancel() {
    Thread t = thread;
    if (!done && t != null) {
      cancelled = true;
      t.interrupt();
    }
  }

  @Override
  public String toString() {
    return "Fork[" + name + (done ? ", done" : "") + "]";
  }
}
