package dev.processors.core;

import dev.processors.core.EntrySink.Kind;
import java.util.concurrent.CancellationException;

/**
 * The wrappers through which an {@link ActiveRecorder} sees parts. Each passes on the very part
 * instances it is given, in the same order, on the same threads, keeps the wrapped processor's name
 * and rethrows its failures unchanged.
 */
final class RecordingTaps {
  private RecordingTaps() {}

  /** Marks a processor that already records, so a stage decorator does not record it twice. */
  interface Recorded {}

  /** What a call's end records: nothing for a normal end, else the failure in a few words. */
  static String describe(Throwable t) {
    // First: a DownstreamClosedException is a CancellationException too.
    if (t instanceof DownstreamClosedException) {
      return "downstream closed";
    }
    if (t instanceof CancellationException || t instanceof InterruptedException) {
      return "cancelled";
    }
    return ProcessorException.describe(t);
  }

  /** A processor recorded in place: its input stream and its sink are tapped. */
  record RecordedProcessor(ActiveRecorder recorder, String point, Processor delegate)
      implements Processor, Recorded {
    @Override
    public void process(PartStream in, PartSink out) throws Exception {
      int call = recorder.nextCall(point);
      recorder.add(point, call, Kind.START, null, delegate.name());
      try {
        delegate.process(
            new TapStream(in, recorder, point, call), new TapSink(out, recorder, point, call));
      } catch (Throwable t) {
        recorder.add(point, call, Kind.OUT_END, null, describe(t));
        throw t;
      }
      recorder.add(point, call, Kind.OUT_END, null, null);
    }

    @Override
    public String name() {
      return delegate.name();
    }
  }

  /**
   * A chain recorded as a nested run, so that the out-of-band parts its inner stages send straight
   * to the run's output are recorded too, in the order they leave it.
   */
  record RecordedRun(ActiveRecorder recorder, String point, Processor delegate)
      implements Processor, Recorded {
    @Override
    public void process(PartStream in, PartSink out) {
      int call = recorder.nextCall(point);
      recorder.add(point, call, Kind.START, null, delegate.name());
      try (ProcessorRun run = delegate.start(new TapStream(in, recorder, point, call))) {
        for (ProcessorPart part : run) {
          recorder.beforeEmit();
          recorder.add(point, call, Kind.OUT, part, null);
          out.emit(part);
        }
      } catch (Throwable t) {
        recorder.add(point, call, Kind.OUT_END, null, describe(t));
        throw t;
      }
      recorder.add(point, call, Kind.OUT_END, null, null);
    }

    @Override
    public String name() {
      return delegate.name();
    }
  }

  /** A pass-through part processor recording each part that crosses it. */
  record PointTap(ActiveRecorder recorder, String point) implements PartProcessor, Recorded {
    @Override
    public void process(ProcessorPart part, PartSink out) {
      recorder.beforeEmit();
      recorder.add(point, 0, Kind.PASS, part, null);
      out.emit(part);
    }

    @Override
    public String name() {
      return point;
    }
  }

  /** Records each part a processor reads, and the end of its input. */
  static final class TapStream implements PartStream {
    private final PartStream in;
    private final ActiveRecorder recorder;
    private final String point;
    private final int call;
    private boolean ended;

    TapStream(PartStream in, ActiveRecorder recorder, String point, int call) {
      this.in = in;
      this.recorder = recorder;
      this.point = point;
      this.call = call;
    }

    @Override
    public boolean hasNext() {
      boolean more = in.hasNext();
      if (!more && !ended) {
        ended = true;
        recorder.add(point, call, Kind.IN_END, null, null);
      }
      return more;
    }

    @Override
    public ProcessorPart next() {
      ProcessorPart part = in.next();
      recorder.add(point, call, Kind.IN, part, null);
      return part;
    }
  }

  /** Records each part a processor emits, at the moment it emits it. */
  static final class TapSink implements PartSink {
    private final PartSink out;
    private final ActiveRecorder recorder;
    private final String point;
    private final int call;

    TapSink(PartSink out, ActiveRecorder recorder, String point, int call) {
      this.out = out;
      this.recorder = recorder;
      this.point = point;
      this.call = call;
    }

    @Override
    public void emit(ProcessorPart part) {
      recorder.beforeEmit();
      recorder.add(point, call, Kind.OUT, part, null);
      out.emit(part);
    }
  }
}
