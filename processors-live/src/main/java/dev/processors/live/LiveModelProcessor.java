package dev.processors.live;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PartQueue;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Turns a turn-based model (any {@link Processor} that reads a conversation and streams an answer,
 * such as {@code GenaiModel} or {@code OpenAiModel}) into a live conversational agent.
 *
 * <pre>{@code
 * LiveModelProcessor agent = LiveModelProcessor.builder(model)
 *     .trigger(TriggerMode.END_OF_SPEECH)
 *     .playback(playback)                       // shared with the AudioRateLimiter
 *     .build();
 * Processor voice = vad.andThen(stt).andThen(agent).andThen(tts).andThen(rateLimiter);
 * }</pre>
 *
 * <p><b>Behaviour.</b> Input parts join a {@link RollingPrompt}. A trigger (see {@link
 * TriggerMode}; an {@code end_of_turn} signal always triggers) starts a generation: the model reads
 * the prompt and its output streams out at once, each part tagged with the generation's utterance
 * id ({@link PlaybackTracker#UTTERANCE_ID}), followed by a {@code generation_complete} signal.
 * Input that arrives while the model speaks is stashed and joins the prompt after the answer. A
 * {@code start_of_speech} (or {@code interrupted}) signal while the model speaks is a barge-in: the
 * generation is cancelled at once and an {@code interrupted} control signal is emitted, which drops
 * the output still queued downstream. The answer enters the prompt only as far as the user heard
 * it: with a {@link PlaybackTracker}, as far as the audio side played it; without one, all of it.
 *
 * <p>Final transcriptions are text parts on the {@value #INPUT_TRANSCRIPTION} substream with
 * metadata {@code final=true}; they join the prompt as user text. Partial ones are ignored.
 *
 * <p><b>Threading.</b> One thread reads the input; each generation runs as its own run of the
 * model, forwarded by one more virtual thread. Per-run state lives in the run, so one instance
 * serves any number of conversations. Closing the run cancels the generation and ends every thread.
 *
 * <p><b>Errors.</b> A failed generation does not end the conversation: it becomes a status part
 * (metadata {@code error=true}) and the agent waits for the next turn.
 */
public final class LiveModelProcessor implements Processor {
  /** The substream of input transcriptions: {@link ModelParts#INPUT_TRANSCRIPTION}. */
  public static final String INPUT_TRANSCRIPTION = ModelParts.INPUT_TRANSCRIPTION;

  /** Metadata key marking a transcription as final. */
  public static final String FINAL = "final";

  private final Processor model;
  private final TriggerMode trigger;
  private final Supplier<RollingPrompt> promptFactory;
  private final PlaybackTracker playback;
  private final List<ProcessorPart> instructions;
  private final boolean eagerStart;
  private final double wordsPerSecond;

  private LiveModelProcessor(Builder b) {
    this.model = b.model;
    this.trigger = b.trigger;
    this.playback = b.playback;
    this.instructions = List.copyOf(b.instructions);
    this.eagerStart = b.eagerStart;
    this.wordsPerSecond = b.wordsPerSecond;
    Clock clock = b.clock;
    this.promptFactory =
        b.promptFactory != null
            ? b.promptFactory
            : () -> RollingPrompt.builder().clock(clock).build();
  }

  /** A builder around a turn-based model. */
  public static Builder builder(Processor model) {
    return new Builder(Objects.requireNonNull(model, "model"));
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    Conversation c = new Conversation(out, promptFactory.get());
    try {
      for (ProcessorPart part : in) {
        c.accept(part);
      }
      c.finishInput();
    } finally {
      c.close();
    }
  }

  @Override
  public String name() {
    return "live(" + model.name() + ")";
  }

  /** The state of one run: the prompt, the generation in flight, the stash. */
  private final class Conversation {
    private final ReentrantLock lock = new ReentrantLock();
    private final ReentrantLock outLock = new ReentrantLock();
    private final PartSink out;
    private final RollingPrompt prompt;
    private Generation current;
    private Generation lastFinished;
    private boolean pendingTrigger;
    private boolean inputEnded;

    Conversation(PartSink out, RollingPrompt prompt) {
      this.out = out;
      this.prompt = prompt;
      prompt.addAll(instructions);
    }

    void accept(ProcessorPart part) {
      if (part.content() instanceof Content.Signal s) {
        switch (s.kind()) {
          case START_OF_SPEECH, INTERRUPTED -> bargeIn();
          case END_OF_SPEECH -> {
            if (trigger == TriggerMode.END_OF_SPEECH) {
              trigger();
            }
          }
          case END_OF_TURN -> trigger();
          case GENERATION_COMPLETE -> {}
        }
        return;
      }
      if (part.substream().equals(INPUT_TRANSCRIPTION)) {
        if (!Boolean.TRUE.equals(part.metadata().get(FINAL))) {
          return;
        }
        addInput(part.withSubstream("").withRole(ProcessorPart.USER));
        if (trigger == TriggerMode.FINAL_TRANSCRIPTION) {
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
          } else if (eagerStart) {
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

    /** Starts a generation over the prompt; the caller holds the lock. */
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
      g.run = model.start(g.input);
      g.forwarder = Thread.ofVirtual().name("processors:live forwarder").start(() -> forward(g));
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
          outLock.lock();
          try {
            if (g.cancelled) {
              return;
            }
            out.emit(tagged);
          } finally {
            outLock.unlock();
          }
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
      lock.lock();
      try {
        if (g.cancelled || current != g) {
          return;
        }
        outLock.lock();
        try {
          if (error != null) {
            out.emit(
                ProcessorPart.status("the model failed: " + describe(error))
                    .withMetadata("error", true)
                    .withMetadata(PlaybackTracker.UTTERANCE_ID, g.id));
          }
          out.emit(
              ProcessorPart.signal(SignalKind.GENERATION_COMPLETE)
                  .withRole(ProcessorPart.MODEL)
                  .withMetadata(PlaybackTracker.UTTERANCE_ID, g.id));
        } finally {
          outLock.unlock();
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
      } catch (CancellationException e) {
        // the run is being closed
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
                    && (playback == null || !playback.hasEnded(lastFinished.id)));
      } finally {
        lock.unlock();
      }
      if (!stillPlaying) {
        return;
      }
      outLock.lock();
      try {
        out.emit(ProcessorPart.interrupted());
      } finally {
        outLock.unlock();
      }
      lock.lock();
      try {
        if (g != null && current == g) {
          g.run.close();
          prompt.addAll(heard(g));
          prompt.applyStash();
          current = null;
          pendingTrigger = false;
        } else if (lastFinished != null && playback != null) {
          // The answer was complete but still playing: keep only what was heard of it.
          prompt.replaceUtterance(lastFinished.id, heard(lastFinished));
        }
        lastFinished = null;
      } finally {
        lock.unlock();
      }
    }

    private List<ProcessorPart> heard(Generation g) {
      if (playback == null) {
        return g.emitted;
      }
      return HeardOutput.cut(g.emitted, playback.heard(g.id), wordsPerSecond);
    }

    void finishInput() {
      Generation g;
      lock.lock();
      try {
        inputEnded = true;
        g = current;
        if (g != null && !g.triggered) {
          g.cancelled = true; // an eager generation nobody triggered
        }
      } finally {
        lock.unlock();
      }
      if (g != null && !g.cancelled) {
        join(g.forwarder); // let the last answer finish
      }
    }

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
        stopForwarding(g);
        g.run.close();
      }
    }

    /** Stops {@code g}'s forwarder and waits for it, so nothing of {@code g} is emitted after. */
    private void stopForwarding(Generation g) {
      g.cancelled = true;
      g.forwarder.interrupt();
      join(g.forwarder);
    }

    private void join(Thread t) {
      boolean interrupted = false;
      while (true) {
        try {
          t.join();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String describe(Throwable t) {
    Throwable root =
        t.getCause() != null && t instanceof dev.processors.core.ProcessorException
            ? t.getCause()
            : t;
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }

  /** One answer of the model. */
  private static final class Generation {
    final String id = UUID.randomUUID().toString();
    final PartQueue input;
    final List<ProcessorPart> emitted = new java.util.concurrent.CopyOnWriteArrayList<>();
    volatile boolean triggered;
    volatile boolean cancelled;
    ProcessorRun run;
    Thread forwarder;

    Generation(int capacity) {
      this.input = PartQueue.create(Math.max(64, capacity));
    }
  }

  /** Builds a {@link LiveModelProcessor}; each setter validates its argument. */
  public static final class Builder {
    private final Processor model;
    private TriggerMode trigger = TriggerMode.FINAL_TRANSCRIPTION;
    private Supplier<RollingPrompt> promptFactory;
    private PlaybackTracker playback;
    private final List<ProcessorPart> instructions = new ArrayList<>();
    private boolean eagerStart;
    private double wordsPerSecond = 2.5;
    private Clock clock = Clock.system();

    private Builder(Processor model) {
      this.model = model;
    }

    /** The automatic trigger (default {@link TriggerMode#FINAL_TRANSCRIPTION}). */
    public Builder trigger(TriggerMode trigger) {
      this.trigger = Objects.requireNonNull(trigger, "trigger");
      return this;
    }

    /** Makes the prompt of each run (default: a {@link RollingPrompt} with its defaults). */
    public Builder prompt(Supplier<RollingPrompt> promptFactory) {
      this.promptFactory = Objects.requireNonNull(promptFactory, "promptFactory");
      return this;
    }

    /** Where the audio side reports what was heard; without it, all output counts as heard. */
    public Builder playback(PlaybackTracker playback) {
      this.playback = Objects.requireNonNull(playback, "playback");
      return this;
    }

    /** A system instruction placed first in every run's prompt. */
    public Builder systemInstruction(String instruction) {
      instructions.add(
          ProcessorPart.text(Objects.requireNonNull(instruction, "instruction"))
              .withRole(ProcessorPart.SYSTEM));
      return this;
    }

    /**
     * Starts the model on the prompt as soon as the user starts a turn, feeding it the rest as it
     * comes, so stages that can work ahead (transcription, retrieval) do; the answer still starts
     * only when the turn fires. Off by default.
     */
    public Builder eagerStart(boolean eager) {
      this.eagerStart = eager;
      return this;
    }

    /** The speaking rate used to cut text-only answers to what was heard (default 2.5 words/s). */
    public Builder wordsPerSecond(double wordsPerSecond) {
      if (!(wordsPerSecond > 0)) {
        throw new IllegalArgumentException(
            "wordsPerSecond must be positive, got " + wordsPerSecond);
      }
      this.wordsPerSecond = wordsPerSecond;
      return this;
    }

    /** The clock of the default prompt's time window. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The processor. */
    public LiveModelProcessor build() {
      return new LiveModelProcessor(this);
    }
  }
}
