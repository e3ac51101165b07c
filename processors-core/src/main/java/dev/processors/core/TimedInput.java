package dev.processors.core;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;

/**
 * Recorded input fed back on a clock: each part when the clock reaches its recorded time (counted
 * from {@code origin}), then the end of the input at its recorded time.
 */
final class TimedInput implements PartStream {
  /** A part and when it was read in the original run. */
  record Timed(long nanos, ProcessorPart part) {}

  private final List<Timed> parts;
  private final long endNanos;
  private final Clock clock;
  private final long origin;
  private final ReplayDriver driver;
  private int next;
  private ProcessorPart pending;
  private boolean ended;

  TimedInput(List<Timed> parts, long endNanos, Clock clock, long origin, ReplayDriver driver) {
    this.parts = List.copyOf(parts);
    this.endNanos = endNanos;
    this.clock = clock;
    this.origin = origin;
    this.driver = driver;
  }

  @Override
  public boolean hasNext() {
    if (pending != null) {
      return true;
    }
    if (next < parts.size()) {
      Timed t = parts.get(next++);
      sleepUntil(t.nanos());
      pending = t.part();
      driver.moved();
      return true;
    }
    if (!ended) {
      sleepUntil(endNanos);
      ended = true;
      driver.moved();
    }
    return false;
  }

  @Override
  public ProcessorPart next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the recorded input has ended");
    }
    ProcessorPart p = pending;
    pending = null;
    return p;
  }

  private void sleepUntil(long nanos) {
    try {
      clock.sleepUntil(origin + nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("the replay was cancelled");
    }
  }
}
