package dev.processors.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Computes a {@link RecordingDiff}: lanes compared in order, latencies summarised. */
final class DiffComputation {
  private DiffComputation() {}

  /** One lane of one stream of one call of one point. */
  private record LaneKey(String point, String stream, int call, String lane) {}

  private record Timed(long nanos, ProcessorPart part) {}

  /** The computed diff. */
  private record Result(
      Duration tolerance,
      List<RecordingDiff.Divergence> divergences,
      List<RecordingDiff.TimingChange> timingChanges,
      long comparedParts,
      List<RecordingDiff.PointLatency> latencies,
      List<String> newPoints,
      Optional<String> recordingStop)
      implements RecordingDiff {
    @Override
    public boolean sameOutputs() {
      return divergences.isEmpty();
    }

    @Override
    public String toText() {
      return DiffText.render(this, recordingStop);
    }
  }

  static RecordingDiff compare(Recording recorded, Recording actual, Duration tolerance) {
    long cutoff = recorded.complete() ? Long.MAX_VALUE : recorded.lastNanos();
    Map<LaneKey, List<Timed>> expectedLanes = lanes(recorded, Long.MAX_VALUE);
    Map<LaneKey, List<Timed>> actualLanes = lanes(actual, cutoff);
    Set<String> recordedPoints = new LinkedHashSet<>(recorded.points());
    List<RecordingDiff.Divergence> divergences = new ArrayList<>();
    List<RecordingDiff.TimingChange> timing = new ArrayList<>();
    long compared = 0;
    long tol = tolerance.toNanos();
    Set<LaneKey> keys = new LinkedHashSet<>(expectedLanes.keySet());
    for (LaneKey k : actualLanes.keySet()) {
      if (recordedPoints.contains(k.point())) {
        keys.add(k);
      }
    }
    for (LaneKey key : keys) {
      List<Timed> exp = expectedLanes.getOrDefault(key, List.of());
      List<Timed> act = actualLanes.getOrDefault(key, List.of());
      int n = Math.min(exp.size(), act.size());
      int i = 0;
      for (; i < n; i++) {
        Timed e = exp.get(i);
        Timed a = act.get(i);
        if (!e.part().equals(a.part())) {
          divergences.add(
              divergence(
                  key, i, Math.min(e.nanos(), a.nanos()), e, a, howTheyDiffer(e.part(), a.part())));
          break;
        }
        compared++;
        if (Math.abs(a.nanos() - e.nanos()) > tol) {
          timing.add(
              new RecordingDiff.TimingChange(
                  key.point(),
                  key.stream(),
                  key.call(),
                  key.lane(),
                  i,
                  e.nanos(),
                  a.nanos(),
                  e.part()));
        }
      }
      if (i == n && exp.size() != act.size()) {
        if (i < exp.size()) {
          boolean pointRan = actual.points().contains(key.point());
          divergences.add(
              divergence(
                  key,
                  i,
                  exp.get(i).nanos(),
                  exp.get(i),
                  null,
                  pointRan
                      ? (exp.size() - i) + " recorded parts are missing"
                      : "the point did not run"));
        } else if (recorded.complete() || act.get(i).nanos() <= cutoff) {
          divergences.add(
              divergence(
                  key,
                  i,
                  act.get(i).nanos(),
                  null,
                  act.get(i),
                  (act.size() - i) + " parts more than recorded"));
        }
      }
    }
    divergences.addAll(endings(recorded, actual));
    divergences.sort(Comparator.comparingLong(RecordingDiff.Divergence::nanos));
    timing.sort(Comparator.comparingLong(RecordingDiff.TimingChange::recordedNanos));
    List<String> newPoints = new ArrayList<>();
    for (String p : actual.points()) {
      if (!recordedPoints.contains(p)) {
        newPoints.add(p);
      }
    }
    return new Result(
        tolerance,
        List.copyOf(divergences),
        List.copyOf(timing),
        compared,
        latencies(recorded, actual),
        List.copyOf(newPoints),
        recorded.stopReason());
  }

  /** What differs between two unequal parts, in a few words. */
  static String howTheyDiffer(ProcessorPart recorded, ProcessorPart actual) {
    Content r = recorded.content();
    Content a = actual.content();
    if (!r.getClass().equals(a.getClass())) {
      return "another kind of part: " + a.mimeType() + " where the recording has " + r.mimeType();
    }
    if (!r.equals(a)) {
      if (r instanceof Content.Blob rb && a instanceof Content.Blob ab) {
        return rb.mimeType().equals(ab.mimeType()) && rb.size() == ab.size()
            ? "other bytes of the same type and size"
            : "another blob: " + ab.mimeType() + ", " + ab.size() + " bytes";
      }
      return "other content";
    }
    if (!recorded.substream().equalsIgnoreCase(actual.substream())) {
      return "the same content on substream '" + actual.substream() + "'";
    }
    if (!recorded.role().equalsIgnoreCase(actual.role())) {
      return "the same content with role '" + actual.role() + "'";
    }
    return "the same content with other metadata";
  }

  private static RecordingDiff.Divergence divergence(
      LaneKey key, long position, long nanos, Timed recorded, Timed actual, String why) {
    return new RecordingDiff.Divergence(
        key.point(),
        key.stream(),
        key.call(),
        key.lane(),
        position,
        nanos,
        Optional.ofNullable(recorded).map(Timed::part),
        Optional.ofNullable(actual).map(Timed::part),
        why);
  }

  /** A call that failed in one run and not in the other. */
  private static List<RecordingDiff.Divergence> endings(Recording recorded, Recording actual) {
    Map<String, RecordingEntry.OutputEnded> actualEnds = new LinkedHashMap<>();
    for (RecordingEntry e : actual.entries()) {
      if (e instanceof RecordingEntry.OutputEnded oe) {
        actualEnds.put(oe.point() + "\u0000" + oe.call(), oe);
      }
    }
    List<RecordingDiff.Divergence> out = new ArrayList<>();
    for (RecordingEntry e : recorded.entries()) {
      if (e instanceof RecordingEntry.OutputEnded oe) {
        RecordingEntry.OutputEnded other = actualEnds.get(oe.point() + "\u0000" + oe.call());
        if (other != null && !other.error().equals(oe.error())) {
          out.add(
              new RecordingDiff.Divergence(
                  oe.point(),
                  "out",
                  oe.call(),
                  "end",
                  0,
                  Math.min(oe.nanos(), other.nanos()),
                  Optional.empty(),
                  Optional.empty(),
                  "the call "
                      + oe.error().map(err -> "failed (" + err + ")").orElse("ended normally")
                      + " in the recording but "
                      + other.error().map(err -> "failed (" + err + ")").orElse("ended normally")
                      + " in this run"));
        }
      }
    }
    return out;
  }

  private static Map<LaneKey, List<Timed>> lanes(Recording recording, long cutoff) {
    Map<LaneKey, List<Timed>> lanes = new LinkedHashMap<>();
    for (RecordingEntry e : recording.entries()) {
      if (e.nanos() > cutoff) {
        continue;
      }
      String stream =
          switch (e) {
            case RecordingEntry.Input in -> "in";
            case RecordingEntry.Output out -> "out";
            case RecordingEntry.Passed p -> "pass";
            default -> null;
          };
      if (stream == null) {
        continue;
      }
      ProcessorPart part = e.carriedPart().orElseThrow();
      LaneKey key = new LaneKey(e.point(), stream, e.call(), lane(part));
      lanes.computeIfAbsent(key, k -> new ArrayList<>()).add(new Timed(e.nanos(), part));
    }
    return lanes;
  }

  static String lane(ProcessorPart part) {
    if (part.isOutOfBand()) {
      return "oob:" + part.substream();
    }
    return part.isControl() ? "control" : "data";
  }

  private static List<RecordingDiff.PointLatency> latencies(Recording recorded, Recording actual) {
    List<RecordingDiff.PointLatency> out = new ArrayList<>();
    for (String point : recorded.points()) {
      long[] exp = latencySamples(recorded, point);
      if (exp.length == 0) {
        continue;
      }
      out.add(
          new RecordingDiff.PointLatency(
              point, summary(exp), summary(latencySamples(actual, point))));
    }
    return out;
  }

  /** For each output: the time since the latest input (or the start) of its call. */
  static long[] latencySamples(Recording recording, String point) {
    Map<Integer, Long> anchors = new LinkedHashMap<>();
    List<Long> samples = new ArrayList<>();
    for (RecordingEntry e : recording.entries(point)) {
      switch (e) {
        case RecordingEntry.Started s -> anchors.put(s.call(), s.nanos());
        case RecordingEntry.Input in -> anchors.put(in.call(), in.nanos());
        case RecordingEntry.InputEnded ie -> anchors.put(ie.call(), ie.nanos());
        case RecordingEntry.Output o -> {
          Long anchor = anchors.get(o.call());
          if (anchor != null) {
            samples.add(Math.max(0, o.nanos() - anchor));
          }
        }
        default -> {}
      }
    }
    return samples.stream().mapToLong(Long::longValue).toArray();
  }

  static RecordingDiff.LatencySummary summary(long[] samples) {
    if (samples.length == 0) {
      return new RecordingDiff.LatencySummary(0, 0, 0, 0);
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    return new RecordingDiff.LatencySummary(
        sorted.length, rank(sorted, 0.5), rank(sorted, 0.95), sorted[sorted.length - 1]);
  }

  private static long rank(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }
}
