package dev.processors.core;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** An immutable {@link Recording}: its header fields and entries, indexed by point. */
final class RecordedSession implements Recording {
  private final int version;
  private final Instant startedAt;
  private final Map<String, String> labels;
  private final List<RecordingEntry> entries;
  private final Optional<String> stopReason;
  private final Map<String, List<RecordingEntry>> byPoint;
  private final Map<String, Integer> calls;

  RecordedSession(
      int version,
      Instant startedAt,
      Map<String, String> labels,
      List<RecordingEntry> entries,
      Optional<String> stopReason) {
    this.version = version;
    this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    this.labels = Map.copyOf(labels);
    this.entries = List.copyOf(entries);
    this.stopReason = Objects.requireNonNull(stopReason, "stopReason");
    Map<String, List<RecordingEntry>> points = new LinkedHashMap<>();
    Map<String, Integer> callCounts = new LinkedHashMap<>();
    for (RecordingEntry e : this.entries) {
      points.computeIfAbsent(e.point(), p -> new ArrayList<>()).add(e);
      callCounts.merge(e.point(), e.call() + 1, Math::max);
    }
    Map<String, List<RecordingEntry>> frozen = new LinkedHashMap<>();
    points.forEach((p, list) -> frozen.put(p, List.copyOf(list)));
    this.byPoint = frozen;
    this.calls = callCounts;
  }

  static RecordedSession of(
      List<RecordingEntry> entries, Map<String, String> labels, Optional<String> stopReason) {
    return new RecordedSession(
        FORMAT_VERSION, Instant.EPOCH, labels, Objects.requireNonNull(entries), stopReason);
  }

  @Override
  public int version() {
    return version;
  }

  @Override
  public Instant startedAt() {
    return startedAt;
  }

  @Override
  public Map<String, String> labels() {
    return labels;
  }

  @Override
  public List<RecordingEntry> entries() {
    return entries;
  }

  @Override
  public List<RecordingEntry> entries(String point) {
    return byPoint.getOrDefault(Objects.requireNonNull(point, "point"), List.of());
  }

  @Override
  public List<String> points() {
    return List.copyOf(byPoint.keySet());
  }

  @Override
  public int calls(String point) {
    return calls.getOrDefault(Objects.requireNonNull(point, "point"), 0);
  }

  @Override
  public long lastNanos() {
    long last = 0;
    for (RecordingEntry e : entries) {
      last = Math.max(last, e.nanos());
    }
    return last;
  }

  @Override
  public Optional<String> stopReason() {
    return stopReason;
  }

  @Override
  public void write(Path file, Recorder.BlobStorage blobs) {
    RecordingWriter.writeAll(
        this, Objects.requireNonNull(file, "file"), Objects.requireNonNull(blobs, "blobs"));
  }

  @Override
  public String toString() {
    return "Recording["
        + entries.size()
        + " entries, points "
        + byPoint.keySet()
        + stopReason.map(r -> ", stopped: " + r).orElse("")
        + "]";
  }
}
