package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of an {@link AudioRateLimiter}. The stage thread reads input into a bounded queue and
 * never waits for the clock; a release thread owned by the run takes from the queue, sleeps on the
 * clock until each chunk is due and is the only thread that emits. The reader wakes the release
 * thread early by interrupting it, but only while it sleeps on the clock or emits (states recorded
 * under the lock), so no interrupt reaches code that does not expect one.
 */
final class RateLimiterRun {
  private static final int MAX_ENTRIES = 4096;
  private static final int MAX_URGENT = 1024;
  private static final int MAX_CUT_IDS = 64;
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private enum ReleaseState {
    BUSY,
    WAITING,
    SLEEPING,
    EMITTING
  }

  private sealed interface Entry permits AudioEntry, PassEntry {}

  private static final class AudioEntry implements Entry {
    final StreamKey key;
    final ProcessorPart template;
    final ByteBuffer data;
    final long arrival;

    AudioEntry(StreamKey key, ProcessorPart template, ByteBuffer data, long arrival) {
      this.key = key;
      this.template = template;
      this.data = data;
      this.arrival = arrival;
    }
  }

  private record PassEntry(ProcessorPart part) implements Entry {}

  private final AudioRateLimiter config;
  private final PartStream in;
  private final PartSink out;
  private final PlaybackTracker tracker;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition notFull = lock.newCondition();

  // Guarded by lock.
  private final ArrayDeque<Entry> queue = new ArrayDeque<>();
  private final ArrayDeque<ProcessorPart> urgent = new ArrayDeque<>();
  private final List<String> cutUtterances = new ArrayList<>();
  private final LinkedHashSet<String> recentlyCut = new LinkedHashSet<>();
  private long queuedNanos;
  private int epoch;
  private boolean inputEnded;
  private boolean stopping;
  private volatile Throwable failure;
  private boolean emittingData; // an emit an interruption may abort
  private ReleaseState state = ReleaseState.BUSY;
  private String currentUtterance; // utterance of the last released audio, not yet ended

  // Confined to the release thread.
  private boolean hasPlayhead;
  private long playhead; // when the audio released so far will have played
  private long playheadRemainder; // sub-nanosecond part of the playhead, in 1/rate units
  private int remainderRate;
  private StreamKey lastKey;
  private boolean boundary;

  private Thread stage;
  private Thread releaser;

  RateLimiterRun(AudioRateLimiter config, PartStream in, PartSink out) {
    this.config = config;
    this.in = in;
    this.out = out;
    this.tracker = config.playback;
  }

  void run() throws Exception {
    stage = Thread.currentThread();
    releaser = config.threadFactory.newThread(this::release);
    if (releaser == null) {
      throw new IllegalStateException("the AudioRateLimiter thread factory returned no thread");
    }
    releaser.start();
    try {
      while (in.hasNext()) {
        throwIfFailed();
        accept(in.next());
      }
      lock.lock();
      try {
        inputEnded = true;
        notEmpty.signal();
      } finally {
        lock.unlock();
      }
      releaser.join();
      throwIfFailed();
    } catch (CancellationException | InterruptedException e) {
      throwIfFailed();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new CancellationException("AudioRateLimiter was interrupted");
      }
      throw e;
    } finally {
      stop();
    }
  }

  // ------------------------------------------------------------------ reading (stage thread)

  private void accept(ProcessorPart part) throws InterruptedException {
    if (isInterruption(part)) {
      interrupt(part);
      return;
    }
    if (part.isOutOfBand() || part.isControl()) {
      lock.lock();
      try {
        while (urgent.size() >= MAX_URGENT && failure == null) {
          notFull.await();
        }
        urgent.add(part);
        wake(false);
      } finally {
        lock.unlock();
      }
      return;
    }
    Optional<PcmFormat> format = PcmFormat.of(part);
    Content content = part.content();
    if (format.isEmpty() || ((Content.Blob) content).size() == 0) {
      enqueue(new PassEntry(part), 0);
      return;
    }
    PcmFormat f = format.get();
    ByteBuffer data = ((Content.Blob) content).buffer();
    if (data.remaining() % f.frameBytes() != 0) {
      throw new IllegalArgumentException(
          "audio part of "
              + data.remaining()
              + " bytes is not a whole number of "
              + f
              + " frames ("
              + f.frameBytes()
              + " bytes each): "
              + part);
    }
    StreamKey key = StreamKey.of(part, f);
    long nanos = f.duration(data.remaining()).toNanos();
    lock.lock();
    try {
      if (!key.utteranceId().isEmpty() && recentlyCut.contains(key.utteranceId())) {
        config.droppedNanos.add(nanos); // late audio of an utterance that was cut
        return;
      }
    } finally {
      lock.unlock();
    }
    enqueue(new AudioEntry(key, part, data, config.clock.nanoTime()), nanos);
  }

  private boolean isInterruption(ProcessorPart part) {
    return part.isSignal(SignalKind.INTERRUPTED)
        || (config.interruptOnStartOfSpeech && part.isSignal(SignalKind.START_OF_SPEECH));
  }

  private void enqueue(Entry entry, long nanos) throws InterruptedException {
    lock.lock();
    try {
      while ((queuedNanos >= config.maxBufferedNanos || queue.size() >= MAX_ENTRIES)
          && failure == null) {
        notFull.await();
      }
      queue.add(entry);
      queuedNanos += nanos;
      if (state == ReleaseState.WAITING) {
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void interrupt(ProcessorPart signal) throws InterruptedException {
    lock.lock();
    try {
      epoch++;
      config.interruptions.increment();
      LinkedHashSet<String> cut = new LinkedHashSet<>();
      if (currentUtterance != null) {
        cut.add(currentUtterance);
      }
      for (Entry e : queue) {
        if (e instanceof AudioEntry a) {
          if (!a.key.utteranceId().isEmpty()) {
            cut.add(a.key.utteranceId());
          }
        }
      }
      config.droppedNanos.add(queuedNanos);
      queue.clear();
      queuedNanos = 0;
      cutUtterances.addAll(cut);
      for (String id : cut) {
        recentlyCut.remove(id);
        recentlyCut.add(id);
        if (recentlyCut.size() > MAX_CUT_IDS) {
          recentlyCut.remove(recentlyCut.iterator().next());
        }
      }
      wake(true);
      notFull.signalAll();
      while (urgent.size() >= MAX_URGENT && failure == null) {
        notFull.await(); // only when emitting has been stuck for a long time
      }
      urgent.add(signal);
      wake(false);
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the release thread; an interruption also aborts an emit in progress. Holds lock. */
  private void wake(boolean interruption) {
    switch (state) {
      case WAITING -> notEmpty.signal();
      case SLEEPING -> releaser.interrupt();
      case EMITTING -> {
        if (interruption && emittingData) {
          releaser.interrupt();
        }
      }
      case BUSY -> {}
    }
  }

  private void throwIfFailed() throws Exception {
    Throwable f = failure;
    if (f != null) {
      Thread.interrupted(); // the release thread's wake-up call, not a cancellation
      if (f instanceof Exception e) {
        throw e;
      }
      throw (Error) f;
    }
  }

  private void stop() {
    lock.lock();
    try {
      stopping = true;
      notEmpty.signal();
    } finally {
      lock.unlock();
    }
    releaser.interrupt();
    boolean interrupted = false;
    while (true) {
      try {
        releaser.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    reportUnfinishedAsCut();
  }

  /** After the release thread ended: utterances still playing or queued were cut by the stop. */
  private void reportUnfinishedAsCut() {
    if (tracker == null) {
      return;
    }
    lock.lock();
    try {
      LinkedHashSet<String> cut = new LinkedHashSet<>(cutUtterances);
      if (currentUtterance != null) {
        cut.add(currentUtterance);
      }
      for (Entry e : queue) {
        if (e instanceof AudioEntry a && !a.key.utteranceId().isEmpty()) {
          cut.add(a.key.utteranceId());
        }
      }
      for (String id : cut) {
        tracker.ended(id, true);
      }
      cutUtterances.clear();
      currentUtterance = null;
      queue.clear();
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ releasing (own thread)

  private void release() {
    try {
      releaseLoop();
    } catch (Throwable t) {
      lock.lock();
      try {
        if (stopping) {
          return;
        }
        failure = t;
        notFull.signalAll();
      } finally {
        lock.unlock();
      }
      stage.interrupt();
    }
  }

  private void releaseLoop() {
    int seenEpoch = 0;
    while (true) {
      ProcessorPart emit = null;
      String utterance = null;
      long chunkNanos = 0;
      long sleepUntil = 0;
      boolean fromQueue = false;
      int emitEpoch;
      lock.lock();
      try {
        if (stopping) {
          return;
        }
        if (seenEpoch != epoch) {
          seenEpoch = epoch;
          endCutUtterances();
          hasPlayhead = false;
          lastKey = null;
          boundary = true;
        }
        emitEpoch = epoch;
        Entry head = queue.peek();
        if (!urgent.isEmpty()) {
          emit = urgent.poll();
          notFull.signalAll();
        } else if (head instanceof PassEntry pass) {
          queue.poll();
          notFull.signalAll();
          emit = pass.part();
          fromQueue = true;
          if (pass.part().isSignal(SignalKind.END_OF_TURN)
              || pass.part().isSignal(SignalKind.GENERATION_COMPLETE)) {
            boundary = true;
            endCurrentUtterance();
          }
        } else if (head instanceof AudioEntry audio) {
          long now = config.clock.nanoTime();
          boolean sameStream = !boundary && audio.key.equals(lastKey);
          if (!hasPlayhead || playhead < audio.arrival) {
            if (hasPlayhead && sameStream) {
              config.underruns.increment(); // the listener's buffer ran dry before this arrived
            }
            hasPlayhead = true;
            playhead = now;
            playheadRemainder = 0;
          }
          long due = playhead - config.leadNanos;
          if (due > now) {
            sleepUntil = due;
          } else {
            emit = takeChunk(audio);
            long before = playhead;
            advancePlayhead(audio.key.format(), chunkFrames(emit, audio.key.format()));
            chunkNanos = playhead - before;
            utterance = audio.key.utteranceId().isEmpty() ? null : audio.key.utteranceId();
            if (currentUtterance != null && !currentUtterance.equals(utterance)) {
              endCurrentUtterance();
            }
            currentUtterance = utterance;
            lastKey = audio.key;
            boundary = false;
          }
        } else if (inputEnded) {
          endCurrentUtterance();
          return;
        } else {
          state = ReleaseState.WAITING;
          notEmpty.awaitUninterruptibly();
          state = ReleaseState.BUSY;
          Thread.interrupted(); // only stop() interrupts here, and stopping is checked next
          continue;
        }
        state = emit != null ? ReleaseState.EMITTING : ReleaseState.SLEEPING;
        emittingData = emit != null && (chunkNanos > 0 || fromQueue);
      } finally {
        lock.unlock();
      }
      if (emit == null) {
        sleep(sleepUntil);
      } else {
        emit(emit, emitEpoch, utterance, chunkNanos);
      }
    }
  }

  private void sleep(long deadline) {
    try {
      config.clock.sleepUntil(deadline);
    } catch (InterruptedException e) {
      // Woken early: an interruption, new urgent parts, or the run stopping.
    }
    settle();
  }

  private void emit(ProcessorPart part, int emitEpoch, String utterance, long chunkNanos) {
    try {
      out.emit(part);
    } catch (RuntimeException e) {
      if (abortedByInterruption(emitEpoch)) {
        config.droppedNanos.add(chunkNanos); // cut off by an interruption, as intended
        return;
      }
      throw e;
    }
    abortedByInterruption(emitEpoch);
    if (chunkNanos > 0) {
      config.releasedChunks.increment();
      config.releasedNanos.add(chunkNanos);
      if (utterance != null && tracker != null) {
        tracker.released(utterance, Duration.ofNanos(chunkNanos));
      }
    }
  }

  /** Back from sleeping or emitting: clears a wake-up interrupt; true if the epoch moved on. */
  private boolean abortedByInterruption(int emitEpoch) {
    lock.lock();
    try {
      state = ReleaseState.BUSY;
      emittingData = false;
      Thread.interrupted(); // only ever a wake-up from this run while SLEEPING or EMITTING
      return epoch != emitEpoch && !stopping;
    } finally {
      lock.unlock();
    }
  }

  private void settle() {
    lock.lock();
    try {
      state = ReleaseState.BUSY;
      Thread.interrupted();
    } finally {
      lock.unlock();
    }
  }

  /** Cuts the next chunk from the head of the queue: one stream, at most one chunk long. */
  private ProcessorPart takeChunk(AudioEntry first) {
    PcmFormat format = first.key.format();
    int chunkBytes = PcmAudio.chunkFrames(format, config.chunk) * format.frameBytes();
    ProcessorPart template = first.template;
    byte[] bytes;
    if (first.data.remaining() >= chunkBytes) {
      bytes = new byte[chunkBytes];
      first.data.get(bytes);
      if (!first.data.hasRemaining()) {
        queue.poll();
      }
    } else {
      byte[] buffer = new byte[chunkBytes];
      int size = 0;
      while (size < chunkBytes && queue.peek() instanceof AudioEntry a && a.key.equals(first.key)) {
        int n = Math.min(chunkBytes - size, a.data.remaining());
        a.data.get(buffer, size, n);
        size += n;
        if (!a.data.hasRemaining()) {
          queue.poll();
        }
      }
      bytes = size == chunkBytes ? buffer : Arrays.copyOf(buffer, size);
    }
    long nanos = format.duration(bytes.length).toNanos();
    queuedNanos = queue.isEmpty() ? 0 : Math.max(0, queuedNanos - nanos);
    notFull.signalAll();
    return template.withContent(Content.Blob.of(bytes, format.mimeType()));
  }

  private static long chunkFrames(ProcessorPart chunk, PcmFormat format) {
    return ((Content.Blob) chunk.content()).size() / format.frameBytes();
  }

  /** Moves the playhead by exactly {@code frames}, carrying the sub-nanosecond remainder. */
  private void advancePlayhead(PcmFormat format, long frames) {
    int rate = format.sampleRate();
    if (rate != remainderRate) {
      remainderRate = rate;
      playheadRemainder = 0;
    }
    long numerator = frames * NANOS_PER_SECOND + playheadRemainder;
    playhead += numerator / rate;
    playheadRemainder = numerator % rate;
  }

  /** Holds lock. Reports the utterance being played as finished. */
  private void endCurrentUtterance() {
    if (currentUtterance != null && tracker != null) {
      tracker.ended(currentUtterance, false);
    }
    currentUtterance = null;
  }

  /** Holds lock. Reports every utterance an interruption cut, in the order they were queued. */
  private void endCutUtterances() {
    if (tracker != null) {
      for (String id : cutUtterances) {
        tracker.ended(id, true);
      }
    }
    cutUtterances.clear();
    currentUtterance = null;
  }
}
