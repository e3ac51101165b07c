package dev.processors.audio;

import dev.processors.core.Clock;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * Releases audio at the pace a listener hears it, so that an interruption silences the agent within
 * one chunk and the live layer learns how much of each answer was actually heard.
 *
 * <pre>{@code
 * PlaybackTracker playback = PlaybackTracker.create();
 * AudioRateLimiter limiter = AudioRateLimiter.builder().playback(playback).build();
 * try (ProcessorRun run = limiter.andThen(WavFileSink.to(Path.of("answer.wav"))).start(modelAudio)) {
 *   for (ProcessorPart part : run) { ... }
 * }
 * Duration heard = playback.heard("turn-1");
 * }</pre>
 *
 * <p><b>Pacing.</b> PCM audio parts ({@code audio/pcm}) are re-cut into chunks of {@link
 * Builder#chunk chunk} (40 ms by default) and released on a drift-free schedule: the first chunk at
 * once, each later one when the audio released before it will have played, minus a small {@link
 * Builder#lead lead} (10 ms) so the device never starves. Release times are computed from the start
 * of the stretch of audio plus the exact duration of everything released since, never by sleeping a
 * fixed time per part, so rounding and late wake-ups do not accumulate: a release that wakes late
 * is followed by on-time ones. Chunks join consecutive parts of one stream (same format, role,
 * substream and {@link PlaybackTracker#UTTERANCE_ID utterance id}) and carry the metadata of the
 * part their first byte came from; a chunk is shorter when that is all the stream has queued at its
 * release time (audio is never held back waiting for more).
 *
 * <p><b>Other parts.</b> Out-of-band parts (status, debug, ui) and control signals overtake: they
 * are emitted at once, ahead of queued audio. Every other part (text, end of turn, function calls,
 * non-PCM audio) keeps its place: it is emitted, without delay, right after the audio queued before
 * it has been released.
 *
 * <p><b>Interruption.</b> An {@link ProcessorPart#interrupted() interrupted} signal (and, if {@link
 * Builder#interruptOnStartOfSpeech} is set, a {@link SignalKind#START_OF_SPEECH}) drops everything
 * queued at once, wakes the release side immediately, resets the schedule, and is passed on. At
 * most the chunk being released at that instant gets out. Audio that arrives later for an utterance
 * that was cut is dropped too, so utterance ids must be unique per model turn.
 *
 * <p><b>Playback position.</b> With {@link Builder#playback(PlaybackTracker)}, each released chunk
 * of a part carrying an utterance id is reported with {@link PlaybackTracker#released}, and {@link
 * PlaybackTracker#ended} is called when its utterance is cut (interrupted) or finished (audio of
 * another utterance, an end-of-turn or generation-complete signal, or the end of input). The report
 * follows the release, so it runs ahead of what the listener has heard by at most one chunk plus
 * the lead.
 *
 * <p><b>Underruns.</b> An underrun is counted when audio of a stream arrives after the audio
 * released before it has finished playing, with no end of turn in between: the listener heard a
 * gap. The schedule then restarts from the late audio. See {@link #stats()}.
 *
 * <p><b>Threading.</b> Each run uses the stage's thread to read input into a bounded buffer ({@link
 * Builder#maxBuffered} of audio) and a task of the run ({@link dev.processors.core.TaskScope},
 * named {@code AudioRateLimiter release}, made by the run's {@link
 * dev.processors.core.RunOptions#threadFactory() thread factory}) to release on the clock. Reading
 * never waits for the clock, so an interruption is seen at once (when the buffer is full, reading
 * waits for room, which a release makes within one chunk); it wakes the release task with a {@link
 * dev.processors.core.Wakeup}, never an interrupt. An interruption that finds the release task
 * emitting audio into a full downstream cancels that task and forks a fresh one. Closing or
 * cancelling the run ends every task it started. An instance holds no per-run state and may serve
 * many runs at once. <b>Errors.</b> An {@code audio/pcm} part with unsupported parameters or a
 * partial frame fails the run with an {@link IllegalArgumentException} naming it; a failure to emit
 * fails the run with that failure.
 */
public final class AudioRateLimiter implements Processor {
  /**
   * Metadata key on each released audio chunk: its index within its stream (0 for the first chunk
   * of a stream, and again after a turn boundary or an interruption).
   */
  public static final String CHUNK_INDEX = "chunk_index";

  /** Metadata key on each released audio chunk: its duration in seconds (a double). */
  public static final String CHUNK_DURATION = "chunk_duration";

  /** The smallest adaptive chunk. */
  static final long MIN_ADAPTIVE_NANOS = 20_000_000;

  /** The largest adaptive chunk. */
  static final long MAX_ADAPTIVE_NANOS = 200_000_000;

  final Clock clock;
  final Duration chunk;
  final boolean adaptiveChunks;
  final long leadNanos;
  final long maxBufferedNanos;
  final boolean interruptOnStartOfSpeech;
  final PlaybackTracker playback;
  final LongAdder releasedChunks = new LongAdder();
  final LongAdder releasedNanos = new LongAdder();
  final LongAdder underruns = new LongAdder();
  final LongAdder interruptions = new LongAdder();
  final LongAdder droppedNanos = new LongAdder();

  private AudioRateLimiter(Builder b) {
    this.clock = b.clock;
    this.chunk = b.chunk;
    this.adaptiveChunks = b.adaptiveChunks;
    this.leadNanos = b.lead.toNanos();
    this.maxBufferedNanos = b.maxBuffered.toNanos();
    this.interruptOnStartOfSpeech = b.interruptOnStartOfSpeech;
    this.playback = b.playback;
  }

  /** A limiter with the defaults: system clock, 40 ms chunks, 10 ms lead, 30 s buffer. */
  public static AudioRateLimiter create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    new RateLimiterRun(this, in, out).run();
  }

  /** The chunk duration. */
  public Duration chunk() {
    return chunk;
  }

  /** How early each chunk is released before the audio ahead of it has played. */
  public Duration lead() {
    return Duration.ofNanos(leadNanos);
  }

  /** The tracker that hears about playback, if one was set. */
  public Optional<PlaybackTracker> playback() {
    return Optional.ofNullable(playback);
  }

  /**
   * Counters summed over every run of this limiter so far (use one limiter per conversation for
   * per-conversation figures). Thread-safe, never blocks; a snapshot, not updated afterwards.
   */
  public Stats stats() {
    return new Stats(
        releasedChunks.sum(),
        Duration.ofNanos(releasedNanos.sum()),
        underruns.sum(),
        interruptions.sum(),
        Duration.ofNanos(droppedNanos.sum()));
  }

  @Override
  public String name() {
    return "AudioRateLimiter";
  }

  @Override
  public String toString() {
    return "AudioRateLimiter[chunk="
        + chunk.toMillis()
        + "ms, lead="
        + Duration.ofNanos(leadNanos).toMillis()
        + "ms, clock="
        + clock
        + "]";
  }

  /**
   * What a limiter has done so far.
   *
   * @param releasedChunks chunks released
   * @param releasedAudio audio released (played)
   * @param underruns times the listener heard a gap because audio arrived late
   * @param interruptions interruptions handled
   * @param droppedAudio queued or late audio discarded by interruptions
   */
  public record Stats(
      long releasedChunks,
      Duration releasedAudio,
      long underruns,
      long interruptions,
      Duration droppedAudio) {}

  /**
   * Settings of an {@link AudioRateLimiter}. Not thread-safe; {@link #build} copies the settings.
   * Setters throw {@link IllegalArgumentException} for a value out of range.
   */
  public static final class Builder {
    private Clock clock = Clock.system();
    private Duration chunk = Duration.ofMillis(40);
    private boolean adaptiveChunks;
    private Duration lead = Duration.ofMillis(10);
    private Duration maxBuffered = Duration.ofSeconds(30);
    private boolean interruptOnStartOfSpeech;
    private PlaybackTracker playback;

    private Builder() {}

    /** The clock to pace on (default {@link Clock#system()}; tests use a virtual clock). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The duration of released chunks, 5 ms to 1 s (default 40 ms). */
    public Builder chunk(Duration chunk) {
      this.chunk = within("chunk", chunk, Duration.ofMillis(5), Duration.ofSeconds(1));
      return this;
    }

    /**
     * Whether the chunk size follows how much audio is queued, as in genai-processors' real-time
     * guide (default false: every chunk is {@link #chunk}). With less than 1 s queued a chunk is a
     * tenth of it, at least 20 ms (a short clip starts and can be cut sooner); with more than 10 s
     * queued it is a twentieth, at most 200 ms (fewer wake-ups for long audio); in between it is
     * {@link #chunk}.
     */
    public Builder adaptiveChunks(boolean adaptive) {
      this.adaptiveChunks = adaptive;
      return this;
    }

    /**
     * How early a chunk is released before the audio ahead of it has finished playing, 0 to 1 s
     * (default 10 ms): the margin that keeps the device fed despite scheduling jitter.
     */
    public Builder lead(Duration lead) {
      this.lead = within("lead", lead, Duration.ZERO, Duration.ofSeconds(1));
      return this;
    }

    /**
     * How much audio may wait to be released before reading pauses, 100 ms to 10 min (default 30
     * s). Memory per run is at most this much audio plus one part.
     */
    public Builder maxBuffered(Duration maxBuffered) {
      this.maxBuffered =
          within("maxBuffered", maxBuffered, Duration.ofMillis(100), Duration.ofMinutes(10));
      return this;
    }

    /**
     * Whether a {@link SignalKind#START_OF_SPEECH} signal also interrupts playback (default false:
     * only {@link SignalKind#INTERRUPTED} does). Set it when no other stage turns a barge-in into
     * an interruption.
     */
    public Builder interruptOnStartOfSpeech(boolean interrupt) {
      this.interruptOnStartOfSpeech = interrupt;
      return this;
    }

    /** Reports playback of utterances to {@code tracker} (default: no reporting). */
    public Builder playback(PlaybackTracker tracker) {
      this.playback = Objects.requireNonNull(tracker, "tracker");
      return this;
    }

    /** The limiter. */
    public AudioRateLimiter build() {
      return new AudioRateLimiter(this);
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be " + min + " to " + max + ", got " + value);
      }
      return value;
    }
  }
}
