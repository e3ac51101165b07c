package dev.processors.core;

/**
 * A bounded hand-off between two stages. Producer side: {@link #put}, {@link #putOutOfBand}, {@link
 * #complete}. Consumer side: {@link #take}, {@link #consumerDone}. Control parts overtake queued
 * data; an interrupt control part drops the data queued before it.
 */
interface Channel {

  /** Adds a part, blocking while full. Throws {@link DownstreamClosedException} if unread. */
  void put(ProcessorPart part);

  /**
   * Adds a part to the priority lane from any thread (out-of-band and injected control parts).
   * Throws {@link DownstreamClosedException} if the consumer left or has already been given the end
   * (the part could never be read); after {@link #complete} but before the consumer reached the
   * end, the part is still delivered.
   */
  void putOutOfBand(ProcessorPart part);

  /** The producer is done; the consumer sees the end after the queued parts. */
  void complete();

  /** The next part, blocking while empty; null at the end. */
  ProcessorPart take();

  /**
   * The consumer stops reading; a blocked producer gets DownstreamClosedException, and so does a
   * later one at its next put, so a stage whose reader left stops at once instead of doing more
   * work (more model calls) nobody will read.
   */
  void consumerDone();

  /** Wakes a consumer blocked in take so it re-checks its scope. */
  void wakeConsumer();

  /** How many data parts an interruption dropped from this channel so far. */
  long droppedByInterrupt();

  /** True while the producer is parked waiting for room. */
  default boolean isProducerWaiting() {
    return false;
  }
}
