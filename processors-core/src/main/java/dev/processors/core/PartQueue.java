package dev.processors.core;

import java.util.Iterator;
import java.util.Objects;

/**
 * Live input for a run, written by other threads: microphone frames, WebSocket messages, ticks.
 *
 * <pre>{@code
 * PartQueue mic = PartQueue.create(64);
 * try (ProcessorRun run = agent.start(mic)) {
 *   mic.put(ProcessorPart.audio(frame, 16000)); // from the capture thread
 *   ...
 *   mic.close(); // end of input: the run finishes what is queued and ends
 * }
 * }</pre>
 *
 * <p>Bounded: {@link #put} blocks while {@code capacity} parts wait, {@link #offer} returns false
 * instead. Any number of threads may write. Control signals overtake queued parts, and {@link
 * ProcessorPart#interrupted()} drops the parts still queued. Control signals wait in a lane of
 * their own, bounded too: it holds {@code capacity} signals, and at least 64; when it is full,
 * {@code put} of a signal blocks and {@code offer} returns false, as for data. After {@link #close}
 * (or {@link #fail}) writes throw {@link IllegalStateException}; once the run stops reading they
 * throw {@link java.util.concurrent.CancellationException}. A queue feeds one run.
 */
public final class PartQueue implements Iterable<ProcessorPart>, AutoCloseable {
  private final LockChannel channel;
  private final java.util.concurrent.atomic.AtomicBoolean streamTaken =
      new java.util.concurrent.atomic.AtomicBoolean();

  private PartQueue(int capacity) {
    this.channel = new LockChannel(capacity, 1);
  }

  /** A queue holding at most {@code capacity} parts. */
  public static PartQueue create(int capacity) {
    return new PartQueue(capacity);
  }

  /** A queue holding at most 256 parts. */
  public static PartQueue create() {
    return new PartQueue(256);
  }

  /** Adds a part, blocking while the queue is full. */
  public void put(ProcessorPart part) {
    channel.put(Objects.requireNonNull(part, "part"));
  }

  /** Adds a part if there is room; returns false if the queue is full. */
  public boolean offer(ProcessorPart part) {
    return channel.offer(Objects.requireNonNull(part, "part"));
  }

  /** Adds a text part. */
  public void putText(String text) {
    put(ProcessorPart.text(text));
  }

  /** Ends the input: the reader sees the end after the queued parts. Idempotent. */
  @Override
  public void close() {
    channel.complete();
  }

  /** Ends the input with an error: the reader fails with it after the queued parts. */
  public void fail(Throwable error) {
    channel.fail(Objects.requireNonNull(error, "error"));
  }

  /** True once closed, failed, or abandoned by its reader. */
  public boolean isClosed() {
    return channel.isClosedForProducers();
  }

  /** The number of parts waiting. */
  public int size() {
    return channel.size();
  }

  PartStream stream() {
    if (!streamTaken.compareAndSet(false, true)) {
      throw new IllegalStateException("a PartQueue feeds one run; this one is already read");
    }
    ChannelStream stream = new ChannelStream(channel);
    return stream;
  }

  /** A blocking iterator over the queue: the single reader. */
  @Override
  public Iterator<ProcessorPart> iterator() {
    return stream();
  }

  void readerDone() {
    channel.consumerDone();
  }
}
