package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.Fork;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.core.TaskScope;
import dev.processors.core.Wakeup;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of an {@link AudioRateLimiter}. The stage thread reads input into a bounded queue and
 * never waits for the clock. A release task of the run ({@link ReleaseTask}) takes from the queue,
 * waits on the clock until each chunk is due and is the only one that emits. The reader wakes it
 * with a {@link Wakeup} while it waits on the clock, or a condition while it waits for input.
 *
 * <p>An interruption that finds the release task emitting audio (possibly blocked by a full
 * downstream) cancels that task, which drops the chunk, and forks a fresh one that starts once the
 * old one has ended, so one task emits at a time and none emits after the interruption's signal.
 */
final class RateLimiterRun {
  static final String RELEASE_TASK = "AudioRateLimiter release";
  private static final int MAX_ENTRIES = 4096;
  private static final int MAX_URGENT = 1024;
  private static final int MAX_CUT_IDS = 64;

  enum ReleaseState {
    BUSY,
    WAITING,
    SLEEPING,
    EMITTING
  }

  sealed interface Entry permits AudioEntry, PassEntry {}

  static final class AudioEntry implements Entry {
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

  record PassEntry(ProcessorPart part) implements Entry {}

  final AudioRateLimiter config;
  final PartSink out;
  final PlaybackTracker tracker;
  private final PartStream in;
  final Wakeup wakeup = Wakeup.create();

  final ReentrantLock lock = new ReentrantLock();
  final Condition notEmpty = lock.newCondition();
  final Condition notFull = lock.newCondition();

  // Guarded by lock.
  final ArrayDeque<Entry> queue = new ArrayDeque<>();
  final ArrayDeque<ProcessorPart> urgent = new ArrayDeque<>();
  final List<String> cutUtterances = new ArrayList<>();
  private final LinkedHashSet<String> recentlyCut = new LinkedHashSet<>();
  long queuedNanos;
  int epoch;
  boolean inputEnded;
  boolean stopping;
  volatile Throwable failure;
  ReleaseTask active; // the release task allowed to emit
  ReleaseState state = ReleaseState.BUSY; // of the active release task
  boolean emittingData; // the active task emits data an interruption should cut off
  String currentUtterance; // utterance of the last released audio, not yet ended

  private TaskScope tasks;

  RateLimiterRun(AudioRateLimiter config, PartStream in, PartSink out) {
    this.config = config;
    this.in = in;
    this.out = out;
    this.tracker = config.playback;
  }

  void run() throws Exception {
    tasks = TaskScope.open();
    try {
      startReleaseTask(null);
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
      tasks.join();
      throwIfFailed();
    } catch (Exception e) {
      throwIfFailed(); // a failure of the release side is why the reader stopped
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
        throw new CancellationException("AudioRateLimiter was interrupted");
      }
      throw e;
    } finally {
      stop();
    }
  }

  /**
   * Forks a release task that starts once {@code previous} (cancelled) has ended and makes it the
   * active one, under the lock (the reader calls it while holding it when it retires a task).
   */
  private void startReleaseTask(Fork<Void> previous) {
    lock.lock();
    try {
      ReleaseTask task = new ReleaseTask(this, previous);
      active = task;
      state = ReleaseState.BUSY;
      emittingData = false;
      task.fork = tasks.fork(RELEASE_TASK, task::run);
    } finally {
      lock.unlock();
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
        wake();
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
        if (e instanceof AudioEntry a && !a.key.utteranceId().isEmpty()) {
          cut.add(a.key.utteranceId());
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
      if (state == ReleaseState.EMITTING && emittingData) {
        // Its emit may wait for a full downstream: cut it off, and hand over to a new task
        // before the old one can look at the queues again.
        Fork<Void> retired = active.fork;
        retired.cancel();
        startReleaseTask(retired);
      } else {
        wake();
      }
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    lock.lock();
    try {
      while (urgent.size() >= MAX_URGENT && failure == null) {
        notFull.await(); // only when emitting has been stuck for a long time
      }
      urgent.add(signal);
      wake();
    } finally {
      lock.unlock();
    }
  }

  /** Wakes the active release task if it waits for input or for the clock. Holds lock. */
  private void wake() {
    switch (state) {
      case WAITING -> notEmpty.signal();
      case SLEEPING -> wakeup.signal();
      case BUSY, EMITTING -> {} // it looks at the queues before it waits again
    }
  }

  /**
   * Release task {@code task} ended with {@code t}. Nothing to do when the run is stopping or
   * cancelled (the reader sees that itself) or an interruption retired the task. Otherwise the
   * reader rethrows {@code t} at its next step (a cancellation: the downstream stopped reading),
   * and a failure is rethrown here too, so that it fails the run at once.
   */
  void releaseEnded(ReleaseTask task, Throwable t) throws Exception {
    lock.lock();
    try {
      if (stopping || active != task || tasks.isCancelled()) {
        return;
      }
      failure = t;
      notFull.signalAll();
    } finally {
      lock.unlock();
    }
    if (t instanceof CancellationException || t instanceof InterruptedException) {
      return;
    }
    if (t instanceof Exception e) {
      throw e;
    }
    throw (Error) t;
  }

  private void throwIfFailed() throws Exception {
    Throwable f = failure;
    if (f != null) {
      if (f instanceof Exception e) {
        throw e;
      }
      throw (Error) f;
    }
  }

  /** Ends the release tasks (cancelling what is left) and reports what they did not play. */
  private void stop() {
    lock.lock();
    try {
      stopping = true;
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      tasks.close();
    } catch (ProcessorException e) {
      if (failure == null) {
        throw e;
      } // else the reader has thrown the cause already
    } finally {
      reportUnfinishedAsCut();
    }
  }

  /** After the release tasks ended: utterances still playing or queued were cut by the stop. */
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

  /** Holds lock. Reports the utterance being played as finished. */
  void endCurrentUtterance() {
    if (currentUtterance != null && tracker != null) {
      tracker.ended(currentUtterance, false);
    }
    currentUtterance = null;
  }

  /** Holds lock. Reports every utterance an interruption cut, in the order they were queued. */
  void endCutUtterances() {
    if (tracker != null) {
      for (String id : cutUtterances) {
        tracker.ended(id, true);
      }
    }
    cutUtterances.clear();
    currentUtterance = null;
  }
}
