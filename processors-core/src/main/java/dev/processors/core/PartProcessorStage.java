package dev.processors.core;

/** A part processor run as a stream stage: each input part through the (fused) chain. */
final class PartProcessorStage implements Processor {
  private final PartProcessor processor;

  PartProcessorStage(PartProcessor processor) {
    this.processor = processor;
  }

  PartProcessor partProcessor() {
    return processor;
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    PartSink entry = FusedPartProcessor.entry(processor, out);
    while (in.hasNext()) {
      entry.emit(in.next());
    }
  }

  @Override
  public String name() {
    return processor.name();
  }
}
