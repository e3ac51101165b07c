package dev.processors.metrics;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * The last {@code size} samples of one latency, in a ring. Recording claims a slot with one atomic
 * increment and writes it: it never blocks and allocates nothing. A snapshot copies the ring; a
 * sample being written at that instant may be read as the one it replaces (the window is then off
 * by one sample at its edge, never mixed up inside).
 */
final class RecentSamples {
  private final AtomicLongArray ring;
  private final AtomicLong next = new AtomicLong();

  RecentSamples(int size) {
    this.ring = new AtomicLongArray(size);
  }

  void record(long nanos) {
    long i = next.getAndIncrement();
    ring.setRelease((int) (i % ring.length()), Math.max(0, nanos));
  }

  /** The samples in the window now, summarised like the since-start ones. */
  LatencySummary summary(String metric) {
    long end = next.get();
    int n = (int) Math.min(end, ring.length());
    if (n == 0) {
      return LatencySummary.empty(metric);
    }
    Histogram h = StripedHistogram.newHistogram();
    for (int k = 0; k < n; k++) {
      h.recordValue(ring.getAcquire(k));
    }
    return LatencySummary.of(metric, h);
  }
}
