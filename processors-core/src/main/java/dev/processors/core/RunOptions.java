package dev.processors.core;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadFactory;

/**
 * How a run executes: the capacity of each channel between stages, the factory of its threads, an
 * optional decorator applied to every stage, how many parts a part-processor stage may work on at
 * once, and which substreams are out-of-band. Immutable; the {@code with...} methods return copies.
 *
 * <p>Runs started from inside a stage of another run (nested runs, the stages of combinators, the
 * tasks of a {@link TaskScope}) inherit these options unless they are given their own.
 *
 * @param channelCapacity parts buffered between two stages; a power of two, at least 2 (default
 *     256, the setting the hop study found fastest on two cores)
 * @param threadFactory makes every thread of the run (default: virtual threads named after their
 *     stage); wrap it to count or trace threads
 * @param stageDecorator wraps every stage the run starts (default: none), e.g. to time each one
 * @param maxPartsInFlight the most parts one part-processor stage works on at once once its calls
 *     block and it runs ahead (default {@value #DEFAULT_MAX_PARTS_IN_FLIGHT}; 1 turns run-ahead
 *     off, so every part processor handles one part at a time)
 * @param reservedSubstreams substream prefixes that form the out-of-band lane: a part whose
 *     substream starts with one of them skips the later stages and reaches the output at once
 *     (default {@link ProcessorPart#RESERVED_SUBSTREAMS}: status, debug, ui)
 */
public record RunOptions(
    int channelCapacity,
    ThreadFactory threadFactory,
    StageDecorator stageDecorator,
    int maxPartsInFlight,
    Set<String> reservedSubstreams) {

  /**
   * The default bound on parts in flight per part-processor stage: enough for a thousand model or
   * tool calls to wait at once (a virtual thread costs about a kilobyte while it waits), small
   * enough that a runaway input cannot start millions.
   */
  public static final int DEFAULT_MAX_PARTS_IN_FLIGHT = 1024;

  private static final RunOptions DEFAULTS =
      new RunOptions(
          256,
          Thread.ofVirtual().factory(),
          StageDecorator.none(),
          DEFAULT_MAX_PARTS_IN_FLIGHT,
          ProcessorPart.RESERVED_SUBSTREAMS);

  /** Validates the options and copies the substream set. */
  public RunOptions {
    if (channelCapacity < 2 || Integer.bitCount(channelCapacity) != 1) {
      throw new IllegalArgumentException(
          "channelCapacity must be a power of two >= 2, got " + channelCapacity);
    }
    Objects.requireNonNull(threadFactory, "threadFactory");
    Objects.requireNonNull(stageDecorator, "stageDecorator");
    if (maxPartsInFlight < 1) {
      throw new IllegalArgumentException(
          "maxPartsInFlight must be positive, got " + maxPartsInFlight);
    }
    Objects.requireNonNull(reservedSubstreams, "reservedSubstreams");
    if (reservedSubstreams != ProcessorPart.RESERVED_SUBSTREAMS) {
      for (String prefix : reservedSubstreams) {
        if (Objects.requireNonNull(prefix, "reserved substream").isEmpty()) {
          throw new IllegalArgumentException(
              "a reserved substream prefix cannot be empty: it would reserve every substream");
        }
      }
      reservedSubstreams = Set.copyOf(reservedSubstreams);
    }
  }

  /** The defaults: capacity 256, virtual threads, no decorator, 1,024 parts in flight. */
  public static RunOptions defaults() {
    return DEFAULTS;
  }

  /** A copy with another channel capacity. */
  public RunOptions withChannelCapacity(int capacity) {
    return new RunOptions(
        capacity, threadFactory, stageDecorator, maxPartsInFlight, reservedSubstreams);
  }

  /** A copy with another thread factory. */
  public RunOptions withThreadFactory(ThreadFactory factory) {
    return new RunOptions(
        channelCapacity, factory, stageDecorator, maxPartsInFlight, reservedSubstreams);
  }

  /** A copy that wraps every stage with {@code decorator}. */
  public RunOptions withStageDecorator(StageDecorator decorator) {
    return new RunOptions(
        channelCapacity, threadFactory, decorator, maxPartsInFlight, reservedSubstreams);
  }

  /** A copy with another bound on parts in flight per part-processor stage (1: no run-ahead). */
  public RunOptions withMaxPartsInFlight(int max) {
    return new RunOptions(channelCapacity, threadFactory, stageDecorator, max, reservedSubstreams);
  }

  /**
   * A copy whose out-of-band lane is made of the substreams starting with one of {@code prefixes}
   * (replacing status, debug and ui; pass an empty set for no out-of-band lane).
   */
  public RunOptions withReservedSubstreams(Set<String> prefixes) {
    return new RunOptions(
        channelCapacity, threadFactory, stageDecorator, maxPartsInFlight, prefixes);
  }

  /** True if {@code part} travels on this run's out-of-band lane. */
  public boolean isOutOfBand(ProcessorPart part) {
    return reservedSubstreams == ProcessorPart.RESERVED_SUBSTREAMS
        ? part.isOutOfBand()
        : ProcessorPart.startsWithAny(part.substream(), reservedSubstreams);
  }

  Processor decorate(Processor stage) {
    return stageDecorator == StageDecorator.none()
        ? stage
        : Objects.requireNonNull(
            stageDecorator.decorate(stage.name(), stage), "the stage decorator returned null");
  }
}
