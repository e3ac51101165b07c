package dev.processors.core;

/** The producer side of a channel as a PartSink; out-of-band parts go to the run's output. */
final class ChannelSink implements PartSink {
  private final Channel channel;
  private final PartSink outOfBand;

  ChannelSink(Channel channel, PartSink outOfBand) {
    this.channel = channel;
    this.outOfBand = outOfBand;
  }

  @Override
  public void emit(ProcessorPart part) {
    if (part.isOutOfBand()) {
      outOfBand.emit(part);
    } else {
      channel.put(part);
    }
  }

  void complete() {
    channel.complete();
  }
}
