package dev.processors.metrics;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.PartSink;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.concurrent.CancellationException;

/**
 * A part processor measured as a stage. Each call times the processor's own work: the time its
 * output spends in the sink (later fused stages, backpressure) is subtracted. The sink handed to
 * the processor is a per-thread frame reused from call to call, so measuring allocates nothing.
 */
final class TimedPartProcessor implements PartProcessor, Measured {
  private final PartProcessor delegate;
  private final StageMetrics stage;
  private final RealTimeMetrics metrics;
  private final Clock clock;
  private final long origin;
  private final ThreadLocal<Frame> frames;

  TimedPartProcessor(PartProcessor delegate, StageMetrics stage, RealTimeMetrics metrics) {
    this.delegate = delegate;
    this.stage = stage;
    this.metrics = metrics;
    this.clock = metrics.clock();
    this.origin = metrics.origin();
    this.frames = ThreadLocal.withInitial(Frame::new);
  }

  @Override
  public void process(ProcessorPart part, PartSink out) throws Exception {
    Frame f = frames.get();
    if (f.out != null) {
      f = new Frame(); // the same wrapper re-entered on this thread (used twice in one chain)
    }
    long start = clock.nanoTime();
    long waitedBefore = WaitingClock.waitedOnThisThread();
    stage.recordInput(start - origin);
    f.out = out;
    f.start = start;
    f.downstream = 0;
    f.downstreamWaits = 0;
    f.emitted = false;
    f.downstreamFailed = false;
    try {
      delegate.process(part, f);
    } catch (Exception | Error e) {
      if (!f.downstreamFailed && !isCancellation(e)) {
        stage.recordError(e);
      }
      throw e;
    } finally {
      // its own waits on the metrics' clock (those of later fused stages are in downstream)
      long waited = WaitingClock.waitedOnThisThread() - waitedBefore - f.downstreamWaits;
      stage.recordProcessing(Math.max(0, clock.nanoTime() - start - f.downstream - waited));
      f.out = null;
    }
  }

  static boolean isCancellation(Throwable e) {
    return e instanceof CancellationException || e instanceof InterruptedException;
  }

  @Override
  public boolean matches(ProcessorPart part) {
    return delegate.matches(part);
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

  /** The sink the processor sees during one call. */
  private final class Frame implements PartSink {
    PartSink out;
    long start;
    long downstream;
    long downstreamWaits;
    boolean emitted;
    boolean downstreamFailed;

    @Override
    public void emit(ProcessorPart part) {
      if (out == null) {
        throw new IllegalStateException(
            "stage '" + stage.name() + "' emitted after its process call returned");
      }
      long t = clock.nanoTime();
      if (part.isOutOfBand()) {
        if (Boolean.TRUE.equals(part.metadata().get(ProcessorPart.ERROR))) {
          stage.recordError(part.metadataString("stage").orElse("error part"));
        }
      } else {
        if (!emitted) {
          emitted = true;
          stage.recordFirstOutput(t - start - downstream);
        }
        stage.recordOutput(t - origin);
        if (part.isSignal(SignalKind.INTERRUPTED)) {
          stage.recordInterruption();
        }
      }
      long waitedBefore = WaitingClock.waitedOnThisThread();
      try {
        out.emit(part);
      } catch (RuntimeException | Error e) {
        downstreamFailed = true;
        throw e;
      } finally {
        downstream += clock.nanoTime() - t;
        downstreamWaits += WaitingClock.waitedOnThisThread() - waitedBefore;
      }
    }
  }
}
