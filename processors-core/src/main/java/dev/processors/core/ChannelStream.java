package dev.processors.core;

import java.util.NoSuchElementException;

/** The consumer side of a channel as a PartStream. */
final class ChannelStream implements ClosableStream {
  private final Channel channel;
  private ProcessorPart next;
  private boolean ended;

  ChannelStream(Channel channel) {
    this.channel = channel;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (ended) {
      return false;
    }
    next = channel.take();
    if (next == null) {
      ended = true;
      return false;
    }
    return true;
  }

  @Override
  public ProcessorPart next() {
    if (!hasNext()) {
      throw new NoSuchElementException("the stream has ended");
    }
    ProcessorPart p = next;
    next = null;
    return p;
  }

  @Override
  public void close() {
    channel.consumerDone();
  }
}
