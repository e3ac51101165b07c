package dev.processors.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Time for real-time processors: a monotonic nanosecond counter and sleeping until a point on it.
 * Every real-time processor takes a {@code Clock}; production code uses {@link #system()}, tests a
 * {@link VirtualClock} so that pacing, debouncing and backoff are deterministic.
 *
 * <p>Implementations are thread-safe. {@link #sleepUntil} throws {@link InterruptedException} when
 * the sleeping thread is interrupted (which is how a run's cancellation reaches a sleeping stage).
 */
public interface Clock {

  /** Monotonic time in nanoseconds; only differences are meaningful. */
  long nanoTime();

  /** Wall-clock time, for timestamps in reports. */
  Instant instant();

  /** Blocks until {@link #nanoTime()} reaches {@code deadlineNanos}; returns at once if past. */
  void sleepUntil(long deadlineNanos) throws InterruptedException;

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
