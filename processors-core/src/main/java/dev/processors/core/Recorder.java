package dev.processors.core;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Records every part that crosses chosen points of a run, with its time on the run's {@link Clock},
 * its point (a processor's or a stage's name), its call and its stream position, so the session can
 * be {@link Replay replayed} deterministically later and {@link RecordingDiff compared}.
 *
 * <pre>{@code
 * try (Recorder recorder = Recorder.toFile(Path.of("session.jsonl")).clock(clock).build()) {
 *   Processor agent = Processor.chain(vad, recorder.record("model", model), limiter);
 *   RunOptions options = RunOptions.defaults().withStageDecorator(recorder.stages());
 *   try (ProcessorRun run = recorder.record("agent", agent).start(microphone, options)) {
 *     for (ProcessorPart part : run) speaker.play(part);
 *   }
 * } // close() writes the last entries and the closing line
 * }</pre>
 *
 * <p><b>Points.</b> {@link #record(String, Processor)} records what a processor reads and emits
 * (each run of it is a call: a model started once per turn has a call per turn); {@link #stages()}
 * does the same for every stage of every run that uses it as its {@link StageDecorator} (the point
 * is the stage's name; nested runs, such as model calls made inside a stage, are recorded as their
 * own points); {@link #point(String)} is a pass-through tap that records the parts crossing it.
 * Parts are values, so recording keeps a reference, never a copy, and never changes what the
 * pipeline does: wrappers pass on the very part instances they are given, keep the wrapped
 * processor's name and rethrow its failures unchanged. A point records a part when it is emitted,
 * not when it is read: a data part that an interruption drops from a queue before anyone reads it
 * (the barge-in flush of {@link ProcessorPart#interrupted()}) is in the recording though the
 * consumer never saw it.
 *
 * <p><b>Cost.</b> {@link #off()} records nothing and costs nothing: its methods return the
 * processors they are given, and a decorator that changes nothing. When on, a recorded part costs
 * one clock read and a hand-off to the recorder's writer thread (see {@code benchmarks/} for the
 * figure); serialisation happens on that thread. The recording is bounded: once {@link
 * Builder#maxBytes} would be exceeded it stops, and the file's closing line says when and how many
 * entries were left out.
 *
 * <p><b>Threading.</b> Thread-safe; one recorder may serve many runs at once. A file recorder owns
 * one platform thread that writes; if the pipeline produces faster than the disk takes it, the
 * recording threads wait for room in a bounded queue ({@value ActiveRecorder#QUEUE_CAPACITY}
 * entries), so memory stays bounded. {@link #close()} waits for every recorded entry to be written.
 *
 * <p><b>Errors.</b> Recording never fails the pipeline: when writing fails (disk full), recording
 * stops and {@link #close()} throws the {@link java.io.UncheckedIOException}. Blank point names
 * throw {@link IllegalArgumentException}, null arguments {@link NullPointerException}.
 */
public interface Recorder extends AutoCloseable {

  /** Where blob content (audio, images) is written. */
  enum BlobStorage {
    /** Base64 inside each line: one self-contained file (the default). */
    INLINE,
    /**
     * Raw bytes in a file next to the recording ({@code NAME.blobs}, or {@code NAME.blobs.gz} for a
     * compressed recording), each distinct blob once even when it crosses several points: a third
     * smaller than base64 for one point, much smaller when audio crosses several.
     */
    BESIDE
  }

  /** A builder for a recorder writing to {@code file} (gzip-compressed if it ends in .gz). */
  static Builder toFile(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  /**
   * A recorder that keeps its entries in memory ({@link #recording()}), timed on {@code clock}.
   * Replays use one; so can tests.
   */
  static Recorder inMemory(Clock clock) {
    return ActiveRecorder.inMemory(clock, Map.of(), new AtomicLong());
  }

  /** The recorder that records nothing and costs nothing. */
  static Recorder off() {
    return DisabledRecorder.INSTANCE;
  }

  /**
   * {@code processor}, recording what it reads and emits under {@code point}. A chain is run as a
   * nested run so that the out-of-band parts of its inner stages are recorded too, in the order
   * they leave it (one extra hop); any other processor is wrapped in place. Returns {@code
   * processor} itself when the recorder is off.
   */
  Processor record(String point, Processor processor);

  /** A pass-through part processor recording every part that crosses it under {@code point}. */
  PartProcessor point(String point);

  /**
   * A stage decorator recording the input and output of every stage (by stage name), including the
   * root processors of nested runs; processors already recorded with {@link #record} are left to
   * that. Combine it with another decorator with this one inside, {@code
   * recorder.stages().andThen(metrics)}, so it records what the stage itself did (and sees the
   * processors recorded on purpose as such); a {@link Replay} does the same.
   */
  default StageDecorator stages() {
    return stages(name -> true);
  }

  /** A stage decorator recording the stages whose names {@code stageNames} accepts. */
  StageDecorator stages(Predicate<String> stageNames);

  /** True unless this is {@link #off()}. */
  boolean isOn();

  /** How many entries have been recorded so far (written or queued). */
  long entries();

  /**
   * Why the recorder stopped early (the size limit, a write failure), if it did; also after {@link
   * #close()}.
   */
  Optional<String> stopReason();

  /**
   * What was recorded so far, read back. For an in-memory recorder, its entries; for a file
   * recorder, the file as far as it is written (call after {@link #close()} for all of it).
   */
  Recording recording();

  /**
   * Stops recording, waits until everything recorded is written and writes the closing line.
   * Idempotent; parts crossing the points afterwards are not recorded.
   *
   * @throws java.io.UncheckedIOException if writing failed (recording stopped at that point)
   */
  @Override
  void close();

  /** Settings of a file recorder. */
  final class Builder {
    final Path file;
    Clock clock = Clock.system();
    BlobStorage blobs = BlobStorage.INLINE;
    long maxBytes = 256L << 20;
    final Map<String, String> labels = new LinkedHashMap<>();

    private Builder(Path file) {
      this.file = file;
    }

    /** The run's clock, which times every entry (default {@link Clock#system()}). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Where blobs go (default {@link BlobStorage#INLINE}). */
    public Builder blobs(BlobStorage storage) {
      this.blobs = Objects.requireNonNull(storage, "storage");
      return this;
    }

    /**
     * The most bytes the recording may take, lines and blobs together, before compression (default
     * 256 MiB, at least 4 KiB). Recording stops before the entry that would exceed it.
     */
    public Builder maxBytes(long bytes) {
      if (bytes < 4096) {
        throw new IllegalArgumentException("maxBytes must be at least 4096, got " + bytes);
      }
      this.maxBytes = bytes;
      return this;
    }

    /** A label written in the header ({@code example=live-agent}), for the tools that replay it. */
    public Builder label(String key, String value) {
      if (Objects.requireNonNull(key, "key").isBlank()) {
        throw new IllegalArgumentException("a label needs a key");
      }
      labels.put(key, Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Creates the file (replacing it) and starts recording.
     *
     * @throws java.io.UncheckedIOException if the file cannot be created
     */
    public Recorder build() {
      return ActiveRecorder.toFile(this);
    }
  }
}
