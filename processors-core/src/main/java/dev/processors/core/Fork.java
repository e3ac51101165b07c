package dev.processors.core;

/**
 * A task forked with {@link TaskScope#fork} or {@link TaskScope#forkValue}: a named thread of the
 * run, made by the run's thread factory, cancelled and joined with its scope.
 *
 * <p>Thread-safe: any thread may join, cancel or query a fork.
 *
 * @param <T> the task's result ({@link Void} for {@link TaskScope#fork})
 */
public interface Fork<T> {

  /** The name given at fork time (it also names the thread and the stage in errors). */
  String name();

  /**
   * Waits for the task to end and returns its result ({@code null} for a {@code Void} task).
   *
   * @throws ProcessorException naming this fork if the task failed (its cause is the task's
   *     exception)
   * @throws java.util.concurrent.CancellationException if the task or its scope was cancelled, or
   *     the joining thread was interrupted while it waited
   */
  T join();

  /**
   * Waits until the task has ended, however it ended (a result, a failure or a cancellation), and
   * throws nothing about that outcome: the way to wait for a task just {@link #cancel() cancelled},
   * so that nothing it does can come after. A failure still fails the run as usual.
   *
   * @throws java.util.concurrent.CancellationException if the waiting thread is interrupted (the
   *     run it belongs to was cancelled) while it waits; its interrupt status stays set
   */
  void await();

  /** True once the task has ended, however it ended. */
  boolean isDone();

  /**
   * Interrupts the task, which then ends with a cancellation (not a failure: the scope goes on).
   * Idempotent; no effect on a task that has ended.
   */
  void cancel();
}
