package dev.processors.audio;

import dev.processors.audio.RateLimiterRun.AudioEntry;
import dev.processors.audio.RateLimiterRun.Entry;
import dev.processors.audio.RateLimiterRun.PassEntry;
import dev.processors.audio.RateLimiterRun.ReleaseState;
import dev.processors.core.Content;
import dev.processors.core.Fork;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.time.Duration;
import java.util.Arrays;

/**
 * The release side of a {@link RateLimiterRun}, forked as a task of the run: takes the next part
 * from the run's queues, waits on the clock until an audio chunk is due, and emits. While this task
 * is the run's active one it is the only one that emits; once an interruption has retired it (by
 * cancelling it mid-emit) it ends without touching the queues again, and its successor starts only
 * after it has ended.
 */
final class ReleaseTask {
  private final RateLimiterRun run;
  private final AudioRateLimiter config;
  private final Fork<Void> previous;
  Fork<Void> fork; // set under the run's lock, right after the fork

  // Confined to this task.
  private final Playhead playhead = new Playhead();
  private StreamKey lastKey;
  private boolean boundary;
  private int seenEpoch;
  private long chunkIndex;

  /** Made under the run's lock; {@code previous} is the retired task to wait for, if any. */
  ReleaseTask(RateLimiterRun run, Fork<Void> previous) {
    this.run = run;
    this.config = run.config;
    this.previous = previous;
    // A successor starts with the interruption that retired its predecessor still to handle.
    this.seenEpoch = previous == null ? run.epoch : run.epoch - 1;
  }

  void run() throws Exception {
    try {
      if (previous != null) {
        previous.await(); // cancelled mid-emit: it ends within the emit it was in
      }
      releaseLoop();
    } catch (Throwable t) {
      run.releaseEnded(this, t);
    }
  }

  private void releaseLoop() throws InterruptedException {
    while (true) {
      ProcessorPart emit = null;
      String utterance = null;
      long chunkNanos = 0;
      long sleepUntil = 0;
      boolean fromQueue = false;
      run.lock.lock();
      try {
        if (run.stopping || run.active != this) {
          return;
        }
        if (seenEpoch != run.epoch) {
          seenEpoch = run.epoch;
          run.endCutUtterances();
          playhead.reset();
          lastKey = null;
          boundary = true;
        }
        Entry head = run.queue.peek();
        if (!run.urgent.isEmpty()) {
          emit = run.urgent.poll();
          run.notFull.signalAll();
        } else if (head instanceof PassEntry pass) {
          run.queue.poll();
          run.notFull.signalAll();
          emit = pass.part();
          fromQueue = true;
          if (pass.part().isSignal(SignalKind.END_OF_TURN)
              || pass.part().isSignal(SignalKind.GENERATION_COMPLETE)) {
            boundary = true;
            run.endCurrentUtterance();
          }
        } else if (head instanceof AudioEntry audio) {
          long now = config.clock.nanoTime();
          boolean sameStream = !boundary && audio.key.equals(lastKey);
          if (!playhead.isStarted() || playhead.position() < audio.arrival) {
            if (playhead.isStarted() && sameStream) {
              config.underruns.increment(); // the listener's buffer ran dry before this arrived
            }
            playhead.restartAt(now);
          }
          long due = playhead.position() - config.leadNanos;
          if (due > now) {
            sleepUntil = due;
          } else {
            PcmFormat format = audio.key.format();
            chunkIndex = sameStream ? chunkIndex + 1 : 0;
            emit = takeChunk(audio);
            long frames = ((Content.Blob) emit.content()).size() / format.frameBytes();
            chunkNanos = playhead.advance(frames, format.sampleRate());
            emit =
                emit.withMetadata(AudioRateLimiter.CHUNK_INDEX, chunkIndex)
                    .withMetadata(AudioRateLimiter.CHUNK_DURATION, chunkNanos / 1e9);
            utterance = audio.key.utteranceId().isEmpty() ? null : audio.key.utteranceId();
            if (run.currentUtterance != null && !run.currentUtterance.equals(utterance)) {
              run.endCurrentUtterance();
            }
            run.currentUtterance = utterance;
            lastKey = audio.key;
            boundary = false;
          }
        } else if (run.inputEnded) {
          run.endCurrentUtterance();
          return;
        } else {
          run.state = ReleaseState.WAITING;
          try {
            run.notEmpty.await();
          } finally {
            run.state = ReleaseState.BUSY;
          }
          continue;
        }
        run.state = emit != null ? ReleaseState.EMITTING : ReleaseState.SLEEPING;
        run.emittingData = emit != null && (chunkNanos > 0 || fromQueue);
      } finally {
        run.lock.unlock();
      }
      if (emit == null) {
        try {
          config.clock.awaitUntil(sleepUntil, run.wakeup); // woken early by news from the reader
        } finally {
          settle();
        }
      } else if (!emit(emit, utterance, chunkNanos)) {
        return;
      }
    }
  }

  /** Emits {@code part}; false if an interruption retired this task meanwhile (it must end). */
  private boolean emit(ProcessorPart part, String utterance, long chunkNanos) {
    try {
      run.out.emit(part);
    } catch (RuntimeException e) {
      run.lock.lock();
      try {
        if (run.active != this) {
          config.droppedNanos.add(chunkNanos); // cut off by an interruption, as intended
          return false;
        }
      } finally {
        run.lock.unlock();
      }
      throw e;
    }
    boolean active = settle();
    if (chunkNanos > 0) {
      config.releasedChunks.increment();
      config.releasedNanos.add(chunkNanos);
      if (utterance != null && run.tracker != null) {
        run.tracker.released(utterance, Duration.ofNanos(chunkNanos));
      }
    }
    return active;
  }

  /** Back from waiting on the clock or emitting; true if this task is still the active one. */
  private boolean settle() {
    run.lock.lock();
    try {
      if (run.active != this) {
        return false;
      }
      run.state = ReleaseState.BUSY;
      run.emittingData = false;
      return true;
    } finally {
      run.lock.unlock();
    }
  }

  /** The chunk to cut now: the configured one, or one that follows the queued audio. */
  private Duration chunkSize() {
    if (!config.adaptiveChunks) {
      return config.chunk;
    }
    long queued = run.queuedNanos;
    long nanos;
    if (queued < 1_000_000_000L) {
      nanos = Math.max(AudioRateLimiter.MIN_ADAPTIVE_NANOS, queued / 10);
    } else if (queued > 10_000_000_000L) {
      nanos = Math.min(AudioRateLimiter.MAX_ADAPTIVE_NANOS, queued / 20);
    } else {
      return config.chunk;
    }
    return Duration.ofNanos(nanos);
  }

  /** Cuts the next chunk from the head of the queue: one stream, at most one chunk long. */
  private ProcessorPart takeChunk(AudioEntry first) {
    PcmFormat format = first.key.format();
    int chunkBytes = PcmAudio.chunkFrames(format, chunkSize()) * format.frameBytes();
    byte[] bytes;
    if (first.data.remaining() >= chunkBytes) {
      bytes = new byte[chunkBytes];
      first.data.get(bytes);
      if (!first.data.hasRemaining()) {
        run.queue.poll();
      }
    } else {
      byte[] buffer = new byte[chunkBytes];
      int size = 0;
      while (size < chunkBytes
          && run.queue.peek() instanceof AudioEntry a
          && a.key.equals(first.key)) {
        int n = Math.min(chunkBytes - size, a.data.remaining());
        a.data.get(buffer, size, n);
        size += n;
        if (!a.data.hasRemaining()) {
          run.queue.poll();
        }
      }
      bytes = size == chunkBytes ? buffer : Arrays.copyOf(buffer, size);
    }
    long nanos = format.duration(bytes.length).toNanos();
    run.queuedNanos = run.queue.isEmpty() ? 0 : Math.max(0, run.queuedNanos - nanos);
    run.notFull.signalAll();
    return first.template.withContent(Content.Blob.of(bytes, format.mimeType()));
  }
}
