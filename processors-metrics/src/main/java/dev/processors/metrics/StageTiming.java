package dev.processors.metrics;

import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.StageDecorator;

/**
 * The stage decorator behind {@link RealTimeMetrics#runOptions()}: measures every stage a run
 * starts, under its name, exactly once. Left as they are: a stage these metrics already measure (an
 * {@link RealTimeMetrics#instrument instrumented} pipeline, a stage measured by hand), and a stage
 * that is a whole chain inside another wrapper (its name is the chain's, {@code "a -> b"}), whose
 * own stages are measured one by one when the chain runs. Thread-safe; stateless.
 */
final class StageTiming implements StageDecorator {
  /** How core names a chain: its stages' names joined by this. */
  static final String CHAIN_SEPARATOR = " -> ";

  private final RealTimeMetrics metrics;

  StageTiming(RealTimeMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public Processor decorate(String stageName, Processor stage) {
    if (stage instanceof Measured m && m.metrics() == metrics) {
      return stage;
    }
    if (stageName.contains(CHAIN_SEPARATOR)) {
      return stage;
    }
    return measure(metrics, stageName, stage);
  }

  /** {@code stage} measured as {@code name}; a part processor stays one (and fused). */
  static Processor measure(RealTimeMetrics metrics, String name, Processor stage) {
    StageMetrics s = metrics.stage(name);
    return stage instanceof PartProcessor part
        ? new TimedPartProcessor(part, s, metrics)
        : new TimedProcessor(stage, s, metrics, false);
  }
}
