package dev.processors.core;

/** The default decorator: returns every stage as it is. */
enum NoDecorator implements StageDecorator {
  INSTANCE;

  @Override
  public Processor decorate(String stageName, Processor stage) {
    return stage;
  }
}
