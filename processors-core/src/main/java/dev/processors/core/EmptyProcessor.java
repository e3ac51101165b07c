package dev.processors.core;

/** A processor with no members: it stops reading its input and emits nothing. */
record EmptyProcessor(String name) implements Processor {
  static Processor of(String name) {
    return new EmptyProcessor(name);
  }

  @Override
  public void process(PartStream in, PartSink out) {
    ClosableStream.closeIfClosable(in);
  }
}
