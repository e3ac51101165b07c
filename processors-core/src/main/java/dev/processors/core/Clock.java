package dev.processors.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Time for real-time processors: a monotonic nanosecond counter and sleeping until a point on it.
 * Every real-time processor takes a {@code Clock}; production code uses {@link #system()}, tests a
 * {@link VirtualClock} so that pacing, debouncing and backoff are deterministic.
 *
 * <p>Implementations are thread-safe. {@link #sleepUntil} and {@link #awaitUntil} throw {@link
 * InterruptedException} when the waiting thread is interrupted (which is how a run's cancellation
 * reaches a sleeping stage). To wake a waiting thread for any other reason, give it a {@link
 * Wakeup} and {@link Wakeup#signal() signal} it: never interrupt a thread to wake it.
 */
public interface Clock {

  /** Monotonic time in nanoseconds; only differences are meaningful. */
  long nanoTime();

  /** Wall-clock time, for timestamps in reports. */
  Instant instant();

  /** Blocks until {@link #nanoTime()} reaches {@code deadlineNanos}; returns at once if past. */
  void sleepUntil(long deadlineNanos) throws InterruptedException;

  /**
   * Blocks until {@link #nanoTime()} reaches {@code deadlineNanos} or {@code wakeup} is signalled,
   * whichever comes first; a signal given before the call counts and is consumed. Pass {@link
   * Long#MAX_VALUE} to wait for the signal alone.
   *
   * <p>The default implementation re-reads this clock at least every millisecond of real time;
   * {@link #system()} and {@link VirtualClock} wake exactly at the deadline.
   *
   * @return true if woken by the signal, false if the deadline came first
   * @throws InterruptedException if the waiting thread is interrupted (the signal stays pending)
   */
  default boolean awaitUntil(long deadlineNanos, Wakeup wakeup) throws InterruptedException {
    return wakeup.awaitPolling(this, deadlineNanos);
  }

  /** Sleeps for {@code duration}. */
  default void sleep(Duration duration) throws InterruptedException {
    sleepUntil(nanoTime() + duration.toNanos());
  }

  /** The system clock: {@link System#nanoTime()} and real sleeping. */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /** A new {@link VirtualClock} at time 0. */
  static VirtualClock virtual() {
    return VirtualClock.create();
  }
}
