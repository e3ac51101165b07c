package dev.processors.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Where an active {@link Recorder} puts what it sees: a file (via a writer thread) or memory. */
interface EntrySink {

  /** What kind of entry an event makes. */
  enum Kind {
    START,
    IN,
    OUT,
    PASS,
    IN_END,
    OUT_END
  }

  /**
   * Records one event; {@code part} is null for starts and ends, {@code error} for all but a failed
   * end.
   */
  void add(long nanos, String point, int call, Kind kind, ProcessorPart part, String error);

  /** Entries recorded so far. */
  long entries();

  /** Why recording stopped early, if it did. */
  Optional<String> stopReason();

  /** What was recorded, read back. */
  Recording recording();

  /** Stops recording and finishes writing. */
  void close();

  /** Numbers the parts of each (point, call, direction) from 0, in the order they are added. */
  final class Positions {
    private record Key(String point, int call, Kind kind) {}

    private final Map<Key, long[]> next = new HashMap<>();

    long next(String point, int call, Kind kind) {
      return next.computeIfAbsent(new Key(point, call, kind), k -> new long[1])[0]++;
    }
  }

  /** The entry an event makes, its stream position taken from {@code positions}. */
  static RecordingEntry entry(
      Positions positions,
      long nanos,
      String point,
      int call,
      Kind kind,
      ProcessorPart part,
      String text) {
    return switch (kind) {
      case START -> new RecordingEntry.Started(nanos, point, call, text == null ? point : text);
      case IN ->
          new RecordingEntry.Input(nanos, point, call, positions.next(point, call, kind), part);
      case OUT ->
          new RecordingEntry.Output(nanos, point, call, positions.next(point, call, kind), part);
      case PASS ->
          new RecordingEntry.Passed(nanos, point, call, positions.next(point, call, kind), part);
      case IN_END -> new RecordingEntry.InputEnded(nanos, point, call);
      case OUT_END -> new RecordingEntry.OutputEnded(nanos, point, call, Optional.ofNullable(text));
    };
  }
}
