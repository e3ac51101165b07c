package dev.processors.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a {@link Recorder} wrote: every part that crossed the recorded points of a run, with its
 * time on the run's clock, its point, its call and its stream position, read back from a file or
 * kept in memory. A recording is replayed with {@link Replay} and compared with another with {@link
 * RecordingDiff}.
 *
 * <pre>{@code
 * Recording session = Recording.read(Path.of("session.jsonl"));
 * System.out.println(session.points());                     // [agent, model, VoiceActivityProcessor, ...]
 * for (RecordingEntry entry : session.entries("model")) {
 *   if (entry instanceof RecordingEntry.Output out) System.out.println(out.nanos() + " " + out.part());
 * }
 * }</pre>
 *
 * <p><b>The file</b> is JSON lines (UTF-8; gzip-compressed when its name ends in {@code .gz}). The
 * first line is a header naming the format and its {@link #FORMAT_VERSION version}; each later line
 * is one entry, its part written by {@link PartJson}; the last line closes the recording (it says
 * how many entries were written and why recording stopped early, if it did). Blobs (audio, images)
 * are base64 inside the line, or, when recorded {@link Recorder.BlobStorage#BESIDE beside}, in a
 * binary file next to it ({@code session.jsonl.blobs}; {@code .blobs.gz}, compressed too, next to a
 * {@code .gz} recording) referenced by offset and length.
 *
 * <p><b>Errors.</b> Reading is strict and names the file and line of the first problem with a
 * {@link RecordingFormatException}: a missing or foreign header, a format version this library does
 * not read (older or newer), a line that is not valid JSON or lacks a field, a part that {@link
 * PartJson} refuses, a missing blob file, or a recording without its closing line (the recorder was
 * not closed, or the file was cut): {@link #readTruncated} reads such a recording up to its last
 * whole line instead. I/O failures throw {@link java.io.UncheckedIOException}.
 *
 * <p><b>Threading.</b> A recording is immutable and safe to share between threads.
 */
public interface Recording {

  /** The version of the file format this library writes and reads. */
  int FORMAT_VERSION = 1;

  /** The {@code format} field of a recording's header line. */
  String FORMAT_NAME = "processors-recording";

  /**
   * Reads a complete recording.
   *
   * @throws RecordingFormatException naming the line of the first problem, including a recording
   *     that lacks its closing line
   */
  static Recording read(Path file) {
    return RecordingReader.read(file, false);
  }

  /**
   * Reads a recording that may have been cut short (the process died before closing the recorder,
   * or the copy was interrupted): every whole entry up to the cut, with {@link #stopReason()}
   * saying where it was cut. A damaged line before the last one still fails.
   *
   * @throws RecordingFormatException naming the line of the first problem before the cut
   */
  static Recording readTruncated(Path file) {
    return RecordingReader.read(file, true);
  }

  /** A recording made of {@code entries}, with no labels (for tests and tools). */
  static Recording of(List<RecordingEntry> entries) {
    return RecordedSession.of(entries, Map.of(), Optional.empty());
  }

  /** The format version of the file this recording was read from ({@link #FORMAT_VERSION}). */
  int version();

  /** When the recorder started, on the run's clock. */
  Instant startedAt();

  /** The labels given to the recorder ({@code example=live-agent}). */
  Map<String, String> labels();

  /** One label, if present. */
  default Optional<String> label(String key) {
    return Optional.ofNullable(labels().get(key));
  }

  /** Every entry, in the order they were recorded. */
  List<RecordingEntry> entries();

  /** The entries of one point, in the order they were recorded (empty for an unknown point). */
  List<RecordingEntry> entries(String point);

  /** The recorded points, in the order each first appears. */
  List<String> points();

  /** How many calls of {@code point} the recording holds. */
  int calls(String point);

  /** The time of the last entry, in nanoseconds since the recorder started. */
  long lastNanos();

  /**
   * Why the recording holds less than the run: the size limit was reached, writing failed, or the
   * file was cut short (read with {@link #readTruncated}). Empty for a complete recording.
   */
  Optional<String> stopReason();

  /** True when nothing was left out: the recorder closed normally within its size limit. */
  default boolean complete() {
    return stopReason().isEmpty();
  }

  /**
   * Writes this recording to {@code file} in the current format, blobs inline (gzip-compressed when
   * the name ends in {@code .gz}).
   *
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  default void write(Path file) {
    write(file, Recorder.BlobStorage.INLINE);
  }

  /**
   * Writes this recording to {@code file} with its blobs stored as {@code blobs} says (beside: in
   * {@code NAME.blobs}, or {@code NAME.blobs.gz} next to a compressed recording).
   *
   * @throws java.io.UncheckedIOException if the file cannot be written
   */
  void write(Path file, Recorder.BlobStorage blobs);
}
