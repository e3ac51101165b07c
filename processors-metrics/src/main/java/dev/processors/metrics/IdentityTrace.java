package dev.processors.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each part was first seen at a probe, keyed by the part's identity: a fixed table of longs
 * that holds no reference to any part, so tracing changes nothing about the parts and keeps no
 * memory alive.
 *
 * <p>A slot packs the high bits of the part's identity hash (the low bits chose the slot) and the
 * time, modulo 2^43 ns (about 2.4 hours), since the metrics' origin. A later part landing on the
 * same slot replaces an earlier one, whose trace is then lost: the table is a bounded, lossy cache.
 * Lock-free; allocation-free.
 */
final class IdentityTrace {
  private static final int TIME_BITS = 43;
  private static final long TIME_MASK = (1L << TIME_BITS) - 1;

  private final AtomicLongArray slots;
  private final int bits;
  private final int mask;

  IdentityTrace(int bits) {
    this.bits = bits;
    this.slots = new AtomicLongArray(1 << bits);
    this.mask = (1 << bits) - 1;
  }

  /**
   * Notes that {@code part} passed a probe at {@code sinceOrigin}; returns the time since it first
   * passed one, or -1 if this is the first probe it passed (as far as the table remembers).
   */
  long mark(Object part, long sinceOrigin) {
    int h = System.identityHashCode(part);
    int index = h & mask;
    long tag = (h >>> bits) + 1L;
    long time = sinceOrigin & TIME_MASK;
    long v = slots.get(index);
    if ((v >>> TIME_BITS) == tag) {
      return (time - (v & TIME_MASK)) & TIME_MASK;
    }
    slots.set(index, (tag << TIME_BITS) | time);
    return -1;
  }
}
