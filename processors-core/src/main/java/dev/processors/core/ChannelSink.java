package dev.processors.core;

/** The producer side of a channel as a PartSink; out-of-band parts go to the run's output. */
final class ChannelSink implements PartSink {
  private final Channel channel;
  private final PartSink outOfBand;
  private final OutOfBandTest reserved;

  ChannelSink(Channel channel, PartSink outOfBand, RunOptions options) {
    this.channel = channel;
    this.outOfBand = outOfBand;
    this.reserved = OutOfBandTest.of(options);
  }

  @Override
  public void emit(ProcessorPart part) {
    if (reserved.test(part)) {
      outOfBand.emit(part);
    } else {
      channel.put(part);
    }
  }

  void complete() {
    channel.complete();
  }

  /** True while the producer waits for the consumer to make room (downstream backpressure). */
  boolean isWaitingForSpace() {
    return channel.isProducerWaiting();
  }
}
