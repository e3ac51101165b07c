package dev.processors.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts events in fixed time buckets on a ring, for the sliding-window rate and the timeline.
 *
 * <p>Each slot packs the bucket number (high 32 bits) and its count (low 32 bits) into one long, so
 * moving a slot to a new bucket and counting in it is a single compare-and-set: lock-free, exact,
 * allocation-free. Times are nanoseconds since the owner's origin.
 */
final class SlidingCounter {
  private static final long COUNT_MASK = 0xFFFF_FFFFL;

  private final AtomicLongArray slots;
  private final int mask;
  private final long bucketNanos;

  /** The bucket last counted in: saves a division on most events. */
  private volatile long cachedBucket;

  SlidingCounter(long bucketNanos, int buckets) {
    this.bucketNanos = bucketNanos;
    int size = Integer.highestOneBit(Math.max(1, buckets - 1)) << 1;
    this.slots = new AtomicLongArray(size);
    this.mask = size - 1;
  }

  long bucketNanos() {
    return bucketNanos;
  }

  int length() {
    return slots.length();
  }

  /** Counts {@code n} events at {@code sinceOrigin} nanoseconds. */
  void add(long sinceOrigin, long n) {
    if (sinceOrigin < 0 || n <= 0) {
      return;
    }
    long bucket = cachedBucket;
    long offset = sinceOrigin - bucket * bucketNanos;
    if (offset < 0 || offset >= bucketNanos) {
      bucket = sinceOrigin / bucketNanos;
      cachedBucket = bucket;
    }
    int index = (int) (bucket & mask);
    long tag = (bucket & COUNT_MASK) << 32;
    while (true) {
      long v = slots.get(index);
      long next;
      if ((v & ~COUNT_MASK) == tag) {
        next = tag | Math.min(COUNT_MASK, (v & COUNT_MASK) + n);
      } else if (Long.compareUnsigned(v >>> 32, bucket & COUNT_MASK) > 0) {
        return; // the slot already holds a later bucket: this event is too old to keep
      } else {
        next = tag | Math.min(COUNT_MASK, n);
      }
      if (slots.compareAndSet(index, v, next)) {
        return;
      }
    }
  }

  /** The count of one bucket, or zero if the ring no longer (or not yet) holds it. */
  long count(long bucket) {
    if (bucket < 0) {
      return 0;
    }
    long v = slots.get((int) (bucket & mask));
    return (v >>> 32) == (bucket & COUNT_MASK) ? v & COUNT_MASK : 0;
  }

  /**
   * Events per second over the last {@code windowBuckets} buckets ending at {@code now}, counting
   * the current partial bucket and dividing by the time actually covered (never before time 0).
   */
  double rate(long now, int windowBuckets) {
    if (now <= 0) {
      return 0;
    }
    long current = now / bucketNanos;
    long first = Math.max(0, current - windowBuckets + 1);
    long sum = 0;
    for (long b = first; b <= current; b++) {
      sum += count(b);
    }
    long covered = now - first * bucketNanos;
    return covered <= 0 ? 0 : sum * 1e9 / covered;
  }

  /** The counts of the buckets up to the one holding {@code now}, oldest first. */
  List<Long> timeline(long now, int maxBuckets) {
    long current = Math.max(0, now) / bucketNanos;
    long first = Math.max(0, current - maxBuckets + 1);
    List<Long> counts = new ArrayList<>((int) (current - first + 1));
    for (long b = first; b <= current; b++) {
      counts.add(count(b));
    }
    return counts;
  }

  /** The first bucket {@link #timeline} covers. */
  long timelineStart(long now, int maxBuckets) {
    return Math.max(0, Math.max(0, now) / bucketNanos - maxBuckets + 1);
  }
}
