package dev.processors.core;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrency for stage authors: fork tasks that belong to the current run. A task is a named
 * thread made by the run's thread factory ({@link RunOptions#threadFactory()}), counted by the
 * scope, cancelled when the run is cancelled or closed, and joined before the scope closes; the
 * first task to fail cancels the others and the scope's owner, and the failure fails the run.
 *
 * <pre>{@code
 * Processor withTicker = (in, out) -> {
 *   PartSink shared = out.shared();                 // several threads will emit
 *   try (TaskScope scope = TaskScope.open()) {
 *     scope.fork("ticker", () -> {
 *       for (int i = 0; i < 3; i++) {
 *         clock.sleep(Duration.ofSeconds(1));
 *         shared.emit(ProcessorPart.status("tick " + i));
 *       }
 *     });
 *     for (ProcessorPart part : in) shared.emit(part);
 *     scope.join();                                 // waits for the ticker; throws its failure
 *   }                                               // close(): cancels what is left and waits
 * };
 * }</pre>
 *
 * <p>A scope opened on a thread of a run is nested in that run: it inherits its options and its
 * cancellation. Opened elsewhere (a plain thread, a test), it stands alone with {@link
 * RunOptions#defaults()}. Runs started inside a task ({@link Processor#start}) are nested the same
 * way.
 *
 * <p><b>Threading.</b> The thread that opens a scope owns it and must close it; any thread of the
 * scope (the owner or a task) may fork. Tasks may emit only through a sink safe for several threads
 * ({@link PartSink#shared()}).
 *
 * <p><b>Memory.</b> A scope may live as long as a conversation and fork a task per event: it
 * forgets tasks once they have ended, so it holds on to about as many as run at once.
 *
 * <p><b>Errors.</b> A task that throws fails the run at once (the first failure wins): every other
 * task is interrupted, so is the owner, the run's consumer gets a {@link ProcessorException} naming
 * the task with the original exception as its cause, and {@link #join()} or {@link #close()} throws
 * it too. To recover from a task's error, catch it inside the task. A task that ends with a {@link
 * CancellationException} (it was cancelled, or its downstream stopped reading) just ends.
 */
public final class TaskScope implements AutoCloseable {
  private final Scope scope;
  private final Thread owner;
  private final ConcurrentLinkedQueue<TaskFork<?>> forks = new ConcurrentLinkedQueue<>();
  private final AtomicInteger retained = new AtomicInteger();
  private volatile int pruneAt = 64;
  private boolean closed;
  private boolean failureThrown;

  /** A task's body. */
  @FunctionalInterface
  public interface Task {
    /** Runs the task; an exception fails the scope. */
    void run() throws Exception;
  }

  private TaskScope(Scope scope) {
    this.scope = scope;
    this.owner = Thread.currentThread();
  }

  /** Opens a scope owned by the calling thread, nested in the calling thread's run if any. */
  public static TaskScope open() {
    return new TaskScope(Scope.openChild(null));
  }

  /** The options tasks run with (the run's, or the defaults outside a run). */
  public RunOptions options() {
    return scope.options();
  }

  /**
   * Starts {@code body} on a new thread of this scope named {@code name}.
   *
   * @throws IllegalStateException if the scope is closed
   * @throws CancellationException if the scope is cancelled
   */
  public Fork<Void> fork(String name, Task body) {
    Objects.requireNonNull(body, "body");
    return start(
        name,
        () -> {
          body.run();
          return null;
        },
        null);
  }

  /** Starts {@code body} on a new thread of this scope; its result comes from {@link Fork#join}. */
  public <T> Fork<T> forkValue(String name, Callable<? extends T> body) {
    return start(name, Objects.requireNonNull(body, "body"), null);
  }

  /**
   * Starts {@code body} on a new thread of this scope that the scope stops waiting for {@code
   * grace} after the task is cancelled: for calls into code that may ignore interrupts (a user's
   * tool, a blocking library call). Until it is cancelled it is an ordinary task ({@link #join()}
   * waits for it; its failure fails the run). Once cancelled (by {@link Fork#cancel}, {@link
   * #close()} or the run's cancellation) it is interrupted; if it has not ended {@code grace}
   * later, it is let go: {@link Fork#await()}, {@link #join()} and {@link #close()} return without
   * it, {@link Fork#join()} throws a {@link CancellationException}, its result or failure is
   * dropped, a {@code WARNING} is logged naming it (logger {@code dev.processors.core.TaskScope}),
   * and {@link #abandonedTasks()} counts it until its thread returns. Java cannot stop such a
   * thread; this is the one way a run may end before a thread it started.
   *
   * @throws IllegalArgumentException if {@code grace} is negative
   * @throws IllegalStateException if the scope is closed
   * @throws CancellationException if the scope is cancelled
   */
  public <T> Fork<T> forkAbandonable(String name, Duration grace, Callable<? extends T> body) {
    Objects.requireNonNull(grace, "grace");
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative, got " + grace);
    }
    return start(name, Objects.requireNonNull(body, "body"), grace);
  }

  /**
   * The number of tasks let go after their grace ({@link #forkAbandonable}) whose threads still
   * run, in this JVM. Zero in a healthy application; worth a metric or an alert otherwise.
   */
  public static int abandonedTasks() {
    return TaskFork.abandonedRunning();
  }

  private <T> Fork<T> start(String name, Callable<? extends T> body, Duration grace) {
    Named.requireName(name);
    if (closed) {
      throw new IllegalStateException("cannot fork '" + name + "': the task scope is closed");
    }
    scope.checkActive();
    TaskFork<T> fork = new TaskFork<>(scope, name, body, grace);
    if (retained.incrementAndGet() >= pruneAt) {
      forgetEndedTasks();
    }
    forks.add(fork);
    fork.start();
    return fork;
  }

  // A scope that lives as long as a live session forks a task per detection or tool call: keep
  // only the tasks still running, so memory stays bounded by what runs at once.
  private void forgetEndedTasks() {
    forks.removeIf(TaskFork::isDone);
    int left = forks.size();
    retained.set(left);
    pruneAt = Math.max(64, 2 * left);
  }

  /** How many tasks this scope still holds on to (running ones, and ended ones not yet pruned). */
  int retainedTasks() {
    return forks.size();
  }

  /** The number of tasks forked and not yet ended. */
  public int activeTasks() {
    int n = 0;
    for (TaskFork<?> f : forks) {
      if (!f.isDone()) {
        n++;
      }
    }
    return n;
  }

  /** True once a task failed or the enclosing run was cancelled. */
  public boolean isCancelled() {
    return scope.isCancelled();
  }

  /**
   * Waits for every task (including tasks forked meanwhile) to end.
   *
   * @throws ProcessorException the first task failure, naming the task
   * @throws CancellationException if the enclosing run was cancelled or the caller interrupted
   */
  public void join() {
    TaskFork<?> next;
    while ((next = firstAlive()) != null) {
      next.await();
    }
    throwFailure();
  }

  private TaskFork<?> firstAlive() {
    for (TaskFork<?> f : forks) {
      if (!f.isDone()) {
        return f;
      }
    }
    return null;
  }

  private void throwFailure() {
    ProcessorException failure = scope.failure();
    if (failure != null) {
      failureThrown = true;
      throw failure;
    }
    if (scope.isCancelled()) {
      throw scope.cancellation();
    }
  }

  /**
   * Cancels the tasks still running, waits for every task to end, and closes the scope. Throws the
   * first task failure if {@link #join()} has not already thrown it. Idempotent.
   *
   * @throws IllegalStateException if called by a thread other than the owner
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a task scope is closed by the thread that opened it");
    }
    closed = true;
    for (TaskFork<?> f : forks) {
      f.cancel();
    }
    scope.closeChild();
    ProcessorException failure = scope.failure();
    if (failure != null && !failureThrown) {
      failureThrown = true;
      throw failure;
    }
  }

  @Override
  public String toString() {
    return "TaskScope[tasks=" + activeTasks() + (scope.isCancelled() ? ", cancelled" : "") + "]";
  }
}
