package dev.processors.metrics;

import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;

/**
 * A stream processor (or a whole pipeline) measured as a stage. Each run gets its own {@link
 * StageRun}, which wraps the input and the output; the processor sees the same parts in the same
 * order and its output goes on unchanged.
 */
final class TimedProcessor implements Processor, Measured {
  private final Processor delegate;
  private final StageMetrics stage;
  private final RealTimeMetrics metrics;
  private final boolean pipeline;

  TimedProcessor(
      Processor delegate, StageMetrics stage, RealTimeMetrics metrics, boolean pipeline) {
    this.delegate = delegate;
    this.stage = stage;
    this.metrics = metrics;
    this.pipeline = pipeline;
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    StageRun run = new StageRun(stage, metrics, pipeline, in, out);
    try {
      delegate.process(run.input(), run.output());
    } catch (Exception | Error e) {
      if (!run.downstreamFailed() && !TimedPartProcessor.isCancellation(e)) {
        stage.recordError(errorType(e));
      }
      throw e;
    }
  }

  private static String errorType(Throwable e) {
    if (e instanceof ProcessorException pe && pe.getCause() != null) {
      return pe.getCause().getClass().getSimpleName() + " in " + pe.stage();
    }
    return e.getClass().getSimpleName();
  }

  @Override
  public RealTimeMetrics metrics() {
    return metrics;
  }

  /** The delegate's own name, so thread names and error messages stay exactly as they were. */
  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public String toString() {
    return "measured(" + stage.name() + ": " + delegate.name() + ")";
  }
}
