package dev.processors.core;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;

/**
 * Re-runs a {@link Recording} through a pipeline on a {@link VirtualClock}: the recorded input is
 * fed in at exactly the times it was recorded, recorded model answers can stand in for the model
 * ({@link #answers}), and the clock moves only when every thread of the run waits, so a replay is
 * fast (a 10-minute session replays in seconds) and gives the same output, in the same order, at
 * the same instants, every time.
 *
 * <pre>{@code
 * Recording session = Recording.read(Path.of("session.jsonl"));
 * Replay replay = Replay.builder(session).input("agent").build();
 * Processor model = replay.answers("model");                 // the recorded model, as a processor
 * Processor agent = buildAgent(replay.clock(), replay.recorder().record("model", model));
 * Replay.Result result = replay.run(agent);                  // records "agent" in and out again
 * System.out.println(result.diff().toText());                // where the replay diverges, if it does
 * }</pre>
 *
 * <p><b>How it stays exact.</b> The pipeline's real-time stages must take {@link #clock()}; the
 * replay starts the run with a thread factory it watches (and {@link #threadFactory()} for stages
 * that make their own threads), and advances the clock to the next deadline only once every one of
 * those threads waits without a timeout and nothing has moved across a recorded point for a few
 * looks in a row. Part processors run one part at a time (run-ahead decides by wall time, so it
 * would make a replay depend on the machine); {@link #run(Processor, RunOptions)} can change that
 * at the cost of determinism. Parts that concurrent branches emit at the same instant keep whatever
 * order the threads give them, as in any run; {@link RecordingDiff} compares such lanes separately.
 *
 * <p><b>What is recorded.</b> The replay records into {@link #recorder()}, in memory: the input
 * point (the whole pipeline is wrapped with {@code recorder().record(input, pipeline)}), every
 * stage (its stage decorator), and whatever the pipeline wraps itself (the model, with the same
 * point name as in the original), so {@link Result#diff()} compares like with like.
 *
 * <p><b>Threading.</b> {@link #run} blocks the calling thread, which drives the clock; it may be
 * called once. <b>Errors.</b> {@link ReplayException} when the recording lacks the input point,
 * when the pipeline stalls (every thread waits and none waits for time: a stage waits for something
 * outside the replay), or when it does not settle within {@link Builder#settleTimeout} of real
 * time. A failure of the pipeline itself is not thrown: it is in {@link Result#failure()}, as a
 * recorded failure would be.
 */
public interface Replay {

  /**
   * The label a replay adds to what it records ({@code replayed=true}): a recording made by a
   * replay replays exactly, so any divergence from it is a change in the pipeline, while a live
   * recording also holds real-time effects a virtual clock does not reproduce (processing time,
   * control signals overtaking queued audio).
   */
  String REPLAYED_LABEL = "replayed";

  /**
   * The label a replay adds to what it records, unless the recording has it: when the original
   * session was recorded (what a replay records starts at its virtual clock's instant).
   */
  String RECORDED_AT_LABEL = "recorded_at";

  /** A builder replaying {@code recording}. */
  static Builder builder(Recording recording) {
    return new Builder(Objects.requireNonNull(recording, "recording"));
  }

  /** The recording being replayed. */
  Recording recording();

  /** The clock the pipeline's real-time stages must use. */
  VirtualClock clock();

  /** Where the replay records; wrap the same points as the original run did. */
  Recorder recorder();

  /**
   * The thread factory of the replayed run, for stages that take one: threads it makes are watched,
   * so the clock never moves while they run.
   */
  ThreadFactory threadFactory();

  /**
   * A processor that answers as the processor recorded at {@code point} did: its n-th run emits the
   * outputs of the recorded n-th call, each at the same delay after the input it followed (the
   * latest input the original had read when it emitted), and ends (or fails) as the call did. Its
   * input is read to the end, as the original read it.
   *
   * @throws ReplayException if the recording has no calls at {@code point}; at run time, if it is
   *     run more often than the recording holds calls
   */
  Processor answers(String point);

  /**
   * Runs {@code pipeline} over the recorded input with the default options, one part in flight per
   * part-processor stage, and returns when the run has ended (or passed {@link Builder#timeLimit}
   * after the recording's last entry).
   *
   * @throws ReplayException if the pipeline stalls or never settles
   * @throws IllegalStateException if called twice
   */
  default Result run(Processor pipeline) {
    return run(pipeline, RunOptions.defaults().withMaxPartsInFlight(1));
  }

  /**
   * Runs {@code pipeline} with {@code options}: the replay watches the threads their factory makes
   * and records each stage inside their stage decorator (as a recording run should, with {@code
   * recorder.stages().andThen(yourDecorator)}, so that what is recorded is what the stage did).
   * Run-ahead ({@code maxPartsInFlight} above 1) decides by wall time, so a pipeline whose part
   * processors block may then replay differently from run to run.
   *
   * @throws ReplayException if the pipeline stalls or never settles
   * @throws IllegalStateException if called twice
   */
  Result run(Processor pipeline, RunOptions options);

  /**
   * What a replay produced.
   *
   * @param original the recording that was replayed
   * @param recording what the replay recorded, in memory
   * @param output the run's output, in the order the run gave it
   * @param endedAtNanos the time the run ended, in nanoseconds since the start (as in recordings)
   * @param failure the run's failure, if it failed
   * @param timedOut true if the replay stopped at its time limit with the run still going
   */
  record Result(
      Recording original,
      Recording recording,
      List<ProcessorPart> output,
      long endedAtNanos,
      Optional<RuntimeException> failure,
      boolean timedOut) {
    public Result {
      Objects.requireNonNull(original, "original");
      Objects.requireNonNull(recording, "recording");
      output = List.copyOf(output);
      Objects.requireNonNull(failure, "failure");
    }

    /** Where this replay diverges from the original, with the default tolerance. */
    public RecordingDiff diff() {
      return RecordingDiff.between(original, recording);
    }
  }

  /** Settings of a replay. */
  final class Builder {
    final Recording recording;
    VirtualClock clock = Clock.virtual();
    String input = "agent";
    Duration timeLimit = Duration.ofSeconds(30);
    Duration settleTimeout = Duration.ofSeconds(20);

    private Builder(Recording recording) {
      this.recording = recording;
    }

    /** The clock to replay on (default: a new {@link VirtualClock}). */
    public Builder clock(VirtualClock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The recorded point whose input is fed to the pipeline (default {@code "agent"}): the inputs
     * of its first call, or the parts that crossed it if it is a pass-through point.
     */
    public Builder input(String point) {
      this.input = Named.requireName(point);
      return this;
    }

    /**
     * How long past the recording's last entry, on the clock, the run may go on before the replay
     * stops it (default 30 s): a pipeline that never ends (a heartbeat) still replays.
     */
    public Builder timeLimit(Duration limit) {
      if (limit.isNegative()) {
        throw new IllegalArgumentException("timeLimit must not be negative, got " + limit);
      }
      this.timeLimit = limit;
      return this;
    }

    /**
     * How long, in real time, the pipeline may keep running between two moves of the clock before
     * the replay gives up (default 20 s): a stage that busy-waits never settles.
     */
    public Builder settleTimeout(Duration timeout) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("settleTimeout must be positive, got " + timeout);
      }
      this.settleTimeout = timeout;
      return this;
    }

    /** The replay, ready to run once. */
    public Replay build() {
      return new ReplayRun(this);
    }
  }
}
