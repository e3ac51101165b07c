package dev.processors.core;

import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * How a run executes: the capacity of each channel between stages, the factory of its threads, and
 * an optional decorator applied to every stage. Immutable; the {@code with...} methods return
 * copies.
 *
 * @param channelCapacity parts buffered between two stages; a power of two, at least 2 (default
 *     256, the setting the hop study found fastest on two cores)
 * @param threadFactory makes every thread of the run (default: virtual threads named after their
 *     stage); wrap it to count or trace threads
 * @param stageDecorator wraps every stage the run starts (default: none), e.g. to time each one
 */
public record RunOptions(
    int channelCapacity, ThreadFactory threadFactory, StageDecorator stageDecorator) {
  private static final RunOptions DEFAULTS =
      new RunOptions(256, Thread.ofVirtual().factory(), StageDecorator.none());

  /** Validates the options. */
  public RunOptions {
    if (channelCapacity < 2 || Integer.bitCount(channelCapacity) != 1) {
      throw new IllegalArgumentException(
          "channelCapacity must be a power of two >= 2, got " + channelCapacity);
    }
    Objects.requireNonNull(threadFactory, "threadFactory");
    Objects.requireNonNull(stageDecorator, "stageDecorator");
  }

  /** The defaults: capacity 256, virtual threads, no decorator. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** A copy with another channel capacity. */
  public RunOptions withChannelCapacity(int capacity) {
    return new RunOptions(capacity, threadFactory, stageDecorator);
  }

  /** A copy with another thread factory. */
  public RunOptions withThreadFactory(ThreadFactory factory) {
    return new RunOptions(channelCapacity, factory, stageDecorator);
  }

  /** A copy that wraps every stage with {@code decorator}. */
  public RunOptions withStageDecorator(StageDecorator decorator) {
    return new RunOptions(channelCapacity, threadFactory, decorator);
  }

  Processor decorate(Processor stage) {
    return stageDecorator == StageDecorator.none()
        ? stage
        : Objects.requireNonNull(
            stageDecorator.decorate(stage.name(), stage), "the stage decorator returned null");
  }
}
