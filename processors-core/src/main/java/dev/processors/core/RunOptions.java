package dev.processors.core;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * How a run executes: the capacity of each channel between stages and the factory of its threads.
 * Immutable; the {@code with...} methods return copies.
 *
 * @param channelCapacity parts buffered between two stages; a power of two, at least 2 (default
 *     256, the setting the hop study found fastest on two cores)
 * @param threadFactory makes every thread of the run (default: virtual threads named after their
 *     stage); wrap it to count or trace threads
 */
public record RunOptions(int channelCapacity, ThreadFactory threadFactory) {
  private static final RunOptions DEFAULTS = new RunOptions(256, Thread.ofVirtual().factory());

  /** Validates the options. */
  public RunOptions {
    if (channelCapacity < 2 || Integer.bitCount(channelCapacity) != 1) {
      throw new IllegalArgumentException(
          "channelCapacity must be a power of two >= 2, got " + channelCapacity);
    }
    Objects.requireNonNull(threadFactory, "threadFactory");
  }

  /** The defaults: capacity 256, virtual threads. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** A copy with another channel capacity. */
  public RunOptions withChannelCapacity(int capacity) {
    return new RunOptions(capacity, threadFactory);
  }

  /** A copy with another thread factory. */
  public RunOptions withThreadFactory(ThreadFactory factory) {
    return new RunOptions(channelCapacity, factory);
  }
}
