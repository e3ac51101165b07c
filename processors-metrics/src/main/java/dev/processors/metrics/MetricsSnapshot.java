package dev.processors.metrics;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything {@link RealTimeMetrics} measured, at one moment: immutable, comparable by value, and
 * written to and read back from JSON unchanged ({@link #toJson()}, {@link #fromJson(String)}).
 *
 * @param takenAt when the snapshot was taken, on the metrics' clock
 * @param uptimeNanos time since the metrics were created
 * @param windowNanos the sliding window of the throughput figures
 * @param stages the stages and pipelines, in the order they were first measured
 * @param probes latency from the first probe to each probe, by probe name in creation order
 * @param thresholds the thresholds the recommendations used
 * @param recommendations advice for people, one per figure beyond its threshold
 */
public record MetricsSnapshot(
    Instant takenAt,
    long uptimeNanos,
    long windowNanos,
    List<StageSnapshot> stages,
    Map<String, LatencySummary> probes,
    Thresholds thresholds,
    List<Recommendation> recommendations) {

  /** Validates and copies (the probes keep their order). */
  public MetricsSnapshot {
    Objects.requireNonNull(takenAt, "takenAt");
    Objects.requireNonNull(thresholds, "thresholds");
    stages = List.copyOf(stages);
    probes = Collections.unmodifiableMap(new LinkedHashMap<>(probes));
    recommendations = List.copyOf(recommendations);
  }

  /** The stage or pipeline called {@code name}, if it was measured. */
  public Optional<StageSnapshot> stage(String name) {
    Objects.requireNonNull(name, "name");
    return stages.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** The recommendations these figures would get under other thresholds. */
  public List<Recommendation> recommendations(Thresholds other) {
    return Advisor.advise(stages, Objects.requireNonNull(other, "thresholds"), windowNanos);
  }

  /**
   * This snapshot as a JSON report (format {@value SnapshotJson#FORMAT}): durations in
   * milliseconds, rates in parts per second. Thread-safe.
   */
  public String toJson() {
    return SnapshotJson.write(this);
  }

  /**
   * Reads a report written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException if the text is not such a report, naming what is wrong
   */
  public static MetricsSnapshot fromJson(String json) {
    return SnapshotJson.read(Objects.requireNonNull(json, "json"));
  }

  /** This snapshot as a self-contained HTML page; see {@link HtmlReport}. */
  public String toHtml() {
    return HtmlReport.render(this);
  }
}
