package dev.processors.examples;

import dev.processors.core.Clock;
import dev.processors.core.Wakeup;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * A clock that runs {@code speed} times faster than real time, so the examples' tests can play a
 * real-time conversation in a fraction of its length. At speed 1 it is the system clock.
 */
final class ScaledClock implements Clock {
  private final double speed;
  private final long origin = System.nanoTime();
  private final Instant originInstant = Instant.now();

  ScaledClock(double speed) {
    if (!(speed > 0)) {
      throw new IllegalArgumentException("speed must be positive, got " + speed);
    }
    this.speed = speed;
  }

  static Clock of(double speed) {
    return speed == 1 ? Clock.system() : new ScaledClock(speed);
  }

  @Override
  public long nanoTime() {
    return origin + (long) ((System.nanoTime() - origin) * speed);
  }

  @Override
  public Instant instant() {
    return originInstant.plus(Duration.ofNanos(nanoTime() - origin));
  }

  @Override
  public boolean awaitUntil(long deadlineNanos, Wakeup wakeup) throws InterruptedException {
    return Clock.system().awaitUntil(realTime(deadlineNanos), wakeup);
  }

  private long realTime(long deadlineNanos) {
    if (deadlineNanos == Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return origin + (long) ((deadlineNanos - origin) / speed);
  }

  @Override
  public void sleepUntil(long deadlineNanos) throws InterruptedException {
    long realDeadline = realTime(deadlineNanos);
    long left;
    while ((left = realDeadline - System.nanoTime()) > 0) {
      LockSupport.parkNanos(this, left);
      if (Thread.interrupted()) {
        throw new InterruptedException("sleep interrupted");
      }
    }
  }
}
