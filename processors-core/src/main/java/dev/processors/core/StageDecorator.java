package dev.processors.core;

/**
 * Wraps every stage a run starts, by name: the hook through which metrics, tracing or logging see
 * each stage of a pipeline without the pipeline being rewritten. Set it with {@link
 * RunOptions#withStageDecorator}; it applies to the stages of nested pipelines too.
 *
 * <p>Called when a stage starts, on the thread that starts it; must be thread-safe and must return
 * a processor that does what {@code stage} does.
 */
@FunctionalInterface
public interface StageDecorator {
  /** The processor to run in place of {@code stage}. */
  Processor decorate(String stageName, Processor stage);

  /**
   * This decorator, then {@code outer} around what it returns: {@code metrics.andThen(recorder)}
   * records what the measured stage emits.
   */
  default StageDecorator andThen(StageDecorator outer) {
    java.util.Objects.requireNonNull(outer, "outer");
    if (outer == none()) {
      return this;
    }
    if (this == none()) {
      return outer;
    }
    return (name, stage) -> outer.decorate(name, decorate(name, stage));
  }

  /** The decorator that changes nothing. */
  static StageDecorator none() {
    return NoDecorator.INSTANCE;
  }
}
