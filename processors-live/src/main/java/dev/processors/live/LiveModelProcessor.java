package dev.processors.live;

import dev.processors.core.Clock;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.TaskScope;
import dev.processors.model.ModelParts;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
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
 * <p><b>Threading.</b> The stage thread reads the input. Each generation is a nested run of the
 * model (it inherits the run's {@link dev.processors.core.RunOptions} and is cancelled with it),
 * read by a forwarder task forked on a {@link TaskScope} of the stage; every thread comes from the
 * run's thread factory. The stage thread and the forwarders emit through the stage's {@link
 * PartSink#shared() shared} sink. A barge-in cancels the forwarder and waits for it to end before
 * it emits {@code interrupted}, so nothing of the answer follows the signal. Per-run state lives in
 * the run, so one instance serves any number of conversations. Closing the run cancels the
 * generation and ends every thread it started.
 *
 * <p><b>Errors.</b> A failed generation does not end the conversation: it becomes a status part
 * (metadata {@code error=true}) and the agent waits for the next turn.
 */
public final class LiveModelProcessor implements Processor {
  /** The substream of input transcriptions: {@link ModelParts#INPUT_TRANSCRIPTION}. */
  public static final String INPUT_TRANSCRIPTION = ModelParts.INPUT_TRANSCRIPTION;

  /** Metadata key marking a transcription as final. */
  public static final String FINAL = "final";

  final Processor model;
  final TriggerMode trigger;
  private final Supplier<RollingPrompt> promptFactory;
  final PlaybackTracker playback; // null: everything emitted counts as heard
  final List<ProcessorPart> instructions;
  final boolean eagerStart;
  final double wordsPerSecond;

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
    try (TaskScope tasks = TaskScope.open()) {
      TurnTaking turns = new TurnTaking(this, out.shared(), promptFactory.get(), tasks);
      try {
        for (ProcessorPart part : in) {
          turns.accept(part);
        }
        turns.finishInput();
      } finally {
        turns.close();
      }
    }
  }

  @Override
  public String name() {
    return "live(" + model.name() + ")";
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
