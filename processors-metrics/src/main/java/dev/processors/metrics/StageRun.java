package dev.processors.metrics;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The measuring state of one run of a measured stream processor: its input and output seen by the
 * processor. The input may be read on one thread and the output written on another (a {@code
 * concurrent(n)} stage does that), so the state they share is volatile or atomic; each side's own
 * state is touched by its thread only.
 *
 * <p>For pipelines, it also tracks turns (from the input's end of turn to the output's first answer
 * part) and the continuity of the output audio.
 */
final class StageRun {
  private static final long NONE = Long.MIN_VALUE;

  private final StageMetrics stage;
  private final RealTimeMetrics metrics;
  private final Clock clock;
  private final long origin;
  private final boolean pipeline;
  private final PartStream in;
  private final PartSink out;
  private final Input input = new Input();
  private final Output output = new Output();

  // shared between the reading and the writing thread
  private volatile long lastInput = NONE;
  private volatile boolean awaitingFirst;
  private volatile boolean utteranceBreak;
  private volatile boolean downstreamFailed;

  /** The open turn's start, shifted left by one; the low bit says it began at a real trigger. */
  private final AtomicLong openTurn = new AtomicLong(NONE);

  StageRun(
      StageMetrics stage, RealTimeMetrics metrics, boolean pipeline, PartStream in, PartSink out) {
    this.stage = stage;
    this.metrics = metrics;
    this.clock = metrics.clock();
    this.origin = metrics.origin();
    this.pipeline = pipeline;
    this.in = in;
    this.out = out;
    output.lastEmitEnd = clock.nanoTime();
  }

  PartStream input() {
    return input;
  }

  PartSink output() {
    return output;
  }

  boolean downstreamFailed() {
    return downstreamFailed;
  }

  private void onInput(ProcessorPart part) {
    if (part.isOutOfBand()) {
      return;
    }
    long t = clock.nanoTime();
    stage.recordInput(t - origin);
    lastInput = t;
    awaitingFirst = true;
    if (!pipeline) {
      return;
    }
    boolean trigger = metrics.isTurnStart(part);
    if (!input.sawInput) {
      input.sawInput = true;
      openTurn.compareAndSet(NONE, (t << 1) | (trigger ? 1 : 0));
    }
    if (trigger) {
      utteranceBreak = true;
      while (true) {
        long v = openTurn.get();
        long next = (t << 1) | 1;
        if (v != NONE && (v & 1) == 1) {
          break; // an explicit trigger already started this turn
        }
        if (openTurn.compareAndSet(v, next)) {
          break;
        }
      }
    }
  }

  private final class Input implements PartStream {
    boolean sawInput;

    @Override
    public boolean hasNext() {
      return in.hasNext();
    }

    @Override
    public ProcessorPart next() {
      ProcessorPart part = in.next();
      onInput(part);
      return part;
    }
  }

  private final class Output implements PartSink {
    long lastEmitEnd;
    boolean playing;
    long playEnd;
    Object utterance;
    String cachedMime;
    long cachedBytesPerSecond;

    @Override
    public void emit(ProcessorPart part) {
      if (part.isOutOfBand()) {
        if (Boolean.TRUE.equals(part.metadata().get(ProcessorPart.ERROR))) {
          stage.recordError(part.metadataString("stage").orElse("error part"));
        }
        send(part);
        return;
      }
      long t = clock.nanoTime();
      long li = lastInput;
      // since the later of the latest input, the previous emit and this thread's latest wait on
      // the metrics' clock: a pacing stage's sleep is waiting, not work
      long since = Math.max(Math.max(li, lastEmitEnd), WaitingClock.lastWakeOnThisThread());
      stage.recordProcessing(t - since);
      if (awaitingFirst) {
        awaitingFirst = false;
        if (li != NONE) {
          stage.recordFirstOutput(t - li);
        }
      }
      stage.recordOutput(t - origin);
      if (part.isSignal(SignalKind.INTERRUPTED)) {
        stage.recordInterruption();
      }
      if (pipeline) {
        observe(part, t);
      }
      send(part);
      lastEmitEnd = clock.nanoTime();
    }

    private void send(ProcessorPart part) {
      try {
        out.emit(part);
      } catch (RuntimeException | Error e) {
        downstreamFailed = true;
        throw e;
      }
    }

    private void observe(ProcessorPart part, long t) {
      if (openTurn.get() != NONE && metrics.isAnswer(part)) {
        long v = openTurn.getAndSet(NONE);
        if (v != NONE) {
          stage.recordTurn(t - (v >> 1));
        }
      }
      if (part.content() instanceof Content.Blob blob) {
        audio(part, blob, t);
      } else if (part.isSignal(SignalKind.END_OF_TURN)
          || part.isSignal(SignalKind.GENERATION_COMPLETE)
          || part.isSignal(SignalKind.INTERRUPTED)) {
        playing = false;
      }
    }

    private void audio(ProcessorPart part, Content.Blob blob, long t) {
      String mime = blob.mimeType();
      if (!mime.equals(cachedMime)) {
        cachedMime = mime;
        cachedBytesPerSecond = AudioFormat.bytesPerSecond(mime);
      }
      if (cachedBytesPerSecond <= 0) {
        return;
      }
      long duration = blob.size() * 1_000_000_000L / cachedBytesPerSecond;
      stage.recordAudio(duration);
      Object utt = part.metadata().get(PlaybackTracker.UTTERANCE_ID);
      if (utteranceBreak) {
        utteranceBreak = false;
        playing = false;
      }
      if (playing && utt != null && !utt.equals(utterance)) {
        playing = false;
      }
      utterance = utt;
      if (!playing) {
        playing = true;
        playEnd = t + duration;
      } else if (t - playEnd > metrics.gapToleranceNanos()) {
        stage.recordUnderrun(t - playEnd);
        playEnd = t + duration;
      } else {
        playEnd = Math.max(playEnd, t) + duration;
      }
    }
  }
}
