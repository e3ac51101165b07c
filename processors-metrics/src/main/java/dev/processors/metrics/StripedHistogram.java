package dev.processors.metrics;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.ReentrantLock;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A latency histogram that many threads record into without blocking and without allocating.
 *
 * <p>Writers pick a stripe by thread, claim it with one compare-and-set, bump a plain HdrHistogram
 * and release it. A writer that finds its stripe claimed (by another writer or by a reader swapping
 * it out) tries the next ones, and if every stripe is claimed records into a wait-free {@link
 * Recorder}: no writer ever waits and no sample is lost. Readers swap each stripe's histogram for a
 * spare one and fold it into a cumulative total under a reader-only lock.
 *
 * <p>Values are nanoseconds, kept to two significant digits (1% resolution); negative values count
 * as zero. Histograms resize themselves on the first values of a new magnitude (a few times per
 * histogram in its lifetime), after which recording allocates nothing.
 */
final class StripedHistogram {
  static final int DIGITS = 2;
  private static final VarHandle BUSY;

  static {
    try {
      BUSY = MethodHandles.lookup().findVarHandle(Stripe.class, "busy", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Stripe[] stripes;
  private final int mask;
  private final Recorder overflow = new Recorder(DIGITS);
  private final ReentrantLock readLock = new ReentrantLock();
  private final Histogram total = newHistogram();
  private Histogram spare = newHistogram();
  private Histogram overflowSpare;

  StripedHistogram(int stripeCount) {
    if (stripeCount < 1 || Integer.bitCount(stripeCount) != 1) {
      throw new IllegalArgumentException("stripe count must be a power of two, got " + stripeCount);
    }
    stripes = new Stripe[stripeCount];
    for (int i = 0; i < stripeCount; i++) {
      stripes[i] = new Stripe();
    }
    mask = stripeCount - 1;
  }

  /** Stripes for this machine: the next power of two at or above twice the processor count. */
  static int defaultStripes() {
    int n = Math.max(2, Runtime.getRuntime().availableProcessors() * 2);
    return Math.min(64, Integer.highestOneBit(n - 1) << 1);
  }

  static Histogram newHistogram() {
    return new Histogram(DIGITS);
  }

  /** Records one value; never blocks, never allocates once warmed up. */
  void record(long nanos) {
    long value = nanos < 0 ? 0 : nanos;
    long id = Thread.currentThread().threadId();
    int start = (int) ((id * 0x9E3779B97F4A7C15L) >>> 40);
    for (int i = 0; i <= mask; i++) {
      Stripe s = stripes[(start + i) & mask];
      if (BUSY.weakCompareAndSetAcquire(s, 0, 1)) {
        try {
          s.active.recordValue(value);
        } finally {
          BUSY.setRelease(s, 0);
        }
        return;
      }
    }
    overflow.recordValue(value);
  }

  /** A copy of everything recorded so far (reader side; may wait for other readers). */
  Histogram cumulative() {
    readLock.lock();
    try {
      drain();
      return total.copy();
    } finally {
      readLock.unlock();
    }
  }

  private void drain() {
    for (int i = 0; i < stripes.length; i++) {
      Stripe s = stripes[i];
      for (int spins = 0; !tryClaim(i); spins++) {
        // A writer holds a stripe for a few nanoseconds, unless its thread was descheduled.
        if (spins < 100) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
      Histogram full = s.active;
      s.active = spare;
      release(i);
      if (full.getTotalCount() > 0) {
        total.add(full);
        full.reset();
      }
      spare = full;
    }
    overflowSpare = overflow.getIntervalHistogram(overflowSpare);
    if (overflowSpare.getTotalCount() > 0) {
      total.add(overflowSpare);
    }
  }

  /** Claims stripe {@code index} as a reader does; false if it is taken. */
  boolean tryClaim(int index) {
    return BUSY.compareAndSet(stripes[index], 0, 1);
  }

  /** Releases a stripe claimed with {@link #tryClaim}. */
  void release(int index) {
    BUSY.setRelease(stripes[index], 0);
  }

  /** The padding keeps each stripe's flag on its own cache line. */
  @SuppressWarnings("unused")
  private static class PadBefore {
    long p0, p1, p2, p3, p4, p5, p6, p7;
  }

  @SuppressWarnings("unused")
  private static class StripeFields extends PadBefore {
    volatile int busy;
    Histogram active = newHistogram();
  }

  @SuppressWarnings("unused")
  private static final class Stripe extends StripeFields {
    long q0, q1, q2, q3, q4, q5, q6, q7;
  }
}
