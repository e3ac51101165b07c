package dev.processors.live;

import dev.processors.core.Content;
import dev.processors.core.Fork;
import dev.processors.core.PartQueue;
import dev.processors.core.PartSink;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.core.TaskScope;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The turn-taking of one run of a {@link LiveModelProcessor}: the prompt, the answer in flight, the
 * input stashed while the model speaks. Its methods are called by the stage thread (input) and by
 * the forwarder task of each answer; one lock guards the state, and {@code out} is the stage's
 * shared sink.
 *
 * <p>Each answer is a nested run of the model (it inherits the stage's run options and
 * cancellation) read by a forwarder task forked on the stage's {@link TaskScope}. Stopping an
 * answer cancels its forwarder and waits for it to end, so nothing of the answer is emitted after.
 */
final class TurnTaking {
  private final LiveModelProcessor agent;
  private final PartSink out;
  private final RollingPrompt prompt;
  private final TaskScope tasks;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private Generation current;
  private Generation lastFinished;
  private boolean pendingTrigger;
  private boolean inputEnded;

  /** One answer of the model. */
  private static final class Generation {
    final String id = UUID.randomUUID().toString();
    final PartQueue input;
    final List<ProcessorPart> emitted = new CopyOnWriteArrayList<>();
    volatile boolean triggered;
    volatile boolean cancelled;
    ProcessorRun run;
    Fork<Void> forwarder;

    Generation(int capacity) {
      this.input = PartQueue.create(Math.max(64, capacity));
    }
  }

  TurnTaking(LiveModelProcessor agent, PartSink out, RollingPrompt prompt, TaskScope tasks) {
    this.agent = agent;
    this.out = out;
    this.prompt = prompt;
    this.tasks = tasks;
    prompt.addAll(agent.instructions);
  }

  void accept(ProcessorPart part) {
    if (part.content() instanceof Content.Signal s) {
      switch (s.kind()) {
        case START_OF_SPEECH, INTERRUPTED -> bargeIn();
        case END_OF_SPEECH -> {
          if (agent.trigger == TriggerMode.END_OF_SPEECH) {
            trigger();
          }
        }
        case END_OF_TURN -> trigger();
        case GENERATION_COMPLETE -> {}
      }
      return;
    }
    if (part.substream().equals(LiveModelProcessor.INPUT_TRANSCRIPTION)) {
      if (!Boolean.TRUE.equals(part.metadata().get(LiveModelProcessor.FINAL))) {
        return;
      }
      addInput(part.withSubstream("").withRole(ProcessorPart.USER));
      if (agent.trigger == TriggerMode.FINAL_TRANSCRIPTION) {
        trigger();
      }
      return;
    }
    addInput(part);
  }

  private void addInput(ProcessorPart part) {
    lock.lock();
    try {
      if (current != null && current.triggered) {
        prompt.stash(part);
      } else {
        prompt.add(part);
        if (current != null) {
          current.input.put(part); // an eager generation reads as the user speaks
        } else if (agent.eagerStart) {
          current = start(false);
        }
      }
    } finally {
      lock.unlock();
    }
  }

  private void trigger() {
    lock.lock();
    try {
      if (current == null) {
        current = start(true);
      } else if (!current.triggered) {
        current.triggered = true;
        current.input.close();
      } else {
        pendingTrigger = true;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Starts a generation over the prompt; holds the lock. */
  private Generation start(boolean triggered) {
    List<ProcessorPart> snapshot = prompt.snapshot();
    Generation g = new Generation(snapshot.size() + 64);
    for (ProcessorPart p : snapshot) {
      g.input.put(p);
    }
    g.triggered = triggered;
    if (triggered) {
      g.input.close();
    }
    g.run = agent.model.start(g.input); // nested: the stage run's options and cancellation
    g.forwarder = tasks.fork("live forwarder", () -> forward(g));
    return g;
  }

  private void forward(Generation g) {
    Throwable error = null;
    try {
      for (ProcessorPart p : g.run) {
        if (g.cancelled) {
          return;
        }
        ProcessorPart tagged =
            p.isOutOfBand()
                ? p
                : p.withRole(p.role().equals(ProcessorPart.USER) ? ProcessorPart.MODEL : p.role())
                    .withMetadata(PlaybackTracker.UTTERANCE_ID, g.id);
        out.emit(tagged);
        if (!tagged.isOutOfBand()) {
          g.emitted.add(tagged);
        }
      }
    } catch (CancellationException e) {
      if (g.cancelled) {
        return;
      }
      error = e;
    } catch (RuntimeException e) {
      error = e;
    }
    finished(g, error);
  }

  /** The forwarder of {@code g} saw the end of its output (normally or with an error). */
  private void finished(Generation g, Throwable error) {
    if (g.cancelled) {
      return;
    }
    try {
      if (error != null) {
        out.emit(
            ProcessorPart.status("the model failed: " + describe(error))
                .withMetadata(ProcessorPart.ERROR, true)
                .withMetadata(PlaybackTracker.UTTERANCE_ID, g.id));
      }
      out.emit(
          ProcessorPart.signal(SignalKind.GENERATION_COMPLETE)
              .withRole(ProcessorPart.MODEL)
              .withMetadata(PlaybackTracker.UTTERANCE_ID, g.id));
    } catch (CancellationException e) {
      return; // a barge-in stopped this answer, or the run is closing: they clean up
    }
    lock.lock();
    try {
      if (g.cancelled || current != g) {
        return;
      }
      prompt.addAll(g.emitted);
      prompt.applyStash();
      current = null;
      lastFinished = g;
      g.run.close();
      if (pendingTrigger && !inputEnded) {
        pendingTrigger = false;
        current = start(true);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The user started speaking: stop the answer and whatever of it is still queued. */
  private void bargeIn() {
    Generation g;
    lock.lock();
    try {
      g = current;
      if (g != null && !g.triggered) {
        return; // an eager generation still listening: nothing has been said yet
      }
    } finally {
      lock.unlock();
    }
    if (g != null) {
      stopForwarding(g);
    }
    boolean stillPlaying;
    lock.lock();
    try {
      stillPlaying =
          (g != null && current == g)
              || (lastFinished != null
                  && (agent.playback == null || !agent.playback.hasEnded(lastFinished.id)));
    } finally {
      lock.unlock();
    }
    if (!stillPlaying) {
      return;
    }
    out.emit(ProcessorPart.interrupted());
    lock.lock();
    try {
      if (g != null && current == g) {
        g.run.close();
        prompt.addAll(heard(g));
        prompt.applyStash();
        current = null;
        pendingTrigger = false;
      } else if (lastFinished != null && agent.playback != null) {
        // The answer was complete but still playing: keep only what was heard of it.
        prompt.replaceUtterance(lastFinished.id, heard(lastFinished));
      }
      lastFinished = null;
    } finally {
      lock.unlock();
    }
  }

  private List<ProcessorPart> heard(Generation g) {
    if (agent.playback == null) {
      return g.emitted;
    }
    return HeardOutput.cut(g.emitted, agent.playback.heard(g.id), agent.wordsPerSecond);
  }

  /** The input ended: drop an answer nobody triggered, let the last one finish. */
  void finishInput() {
    Generation eager = null;
    lock.lock();
    try {
      inputEnded = true;
      if (current != null && !current.triggered) {
        eager = current;
        current = null;
      }
    } finally {
      lock.unlock();
    }
    if (eager != null) {
      stop(eager);
    }
    tasks.join(); // every forwarder ends with its answer
  }

  /** The run ends (normally, failed or cancelled): stop the answer in flight. */
  void close() {
    Generation g;
    lock.lock();
    try {
      g = current;
      current = null;
    } finally {
      lock.unlock();
    }
    if (g != null) {
      stop(g);
    }
  }

  private void stop(Generation g) {
    try {
      stopForwarding(g);
    } catch (CancellationException e) {
      // This run is being cancelled: its task scope ends the forwarder.
    } finally {
      g.run.close();
    }
  }

  /** Stops {@code g}'s forwarder and waits for it, so nothing of {@code g} is emitted after. */
  private static void stopForwarding(Generation g) {
    g.cancelled = true;
    g.forwarder.cancel();
    g.forwarder.await();
  }

  private static String describe(Throwable t) {
    Throwable root = t.getCause() != null && t instanceof ProcessorException ? t.getCause() : t;
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
