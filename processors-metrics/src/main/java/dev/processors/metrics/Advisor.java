package dev.processors.metrics;

import dev.processors.metrics.Recommendation.Kind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Turns figures into recommendations: one rule per {@link Kind}, each at its threshold. */
final class Advisor {
  private Advisor() {}

  static List<Recommendation> advise(
      List<StageSnapshot> stages, Thresholds limits, long windowNanos) {
    List<Recommendation> out = new ArrayList<>();
    boolean pipelineTurns =
        stages.stream().anyMatch(s -> s.kind() == StageSnapshot.Kind.PIPELINE && s.turns() > 0);
    for (StageSnapshot s : stages) {
      latency(s, stages, limits, pipelineTurns).ifPresent(out::add);
      slowProcessing(s, limits).ifPresent(out::add);
      throughput(s, limits, windowNanos).ifPresent(out::add);
      errors(s, limits).ifPresent(out::add);
      if (!pipelineTurns || s.kind() == StageSnapshot.Kind.PIPELINE) {
        // A barge-in is seen by the pipeline and by every stage it passes: judged once, per turn
        interruptions(s, limits).ifPresent(out::add);
      }
      underruns(s, limits).ifPresent(out::add);
    }
    return List.copyOf(out);
  }

  private static Optional<Recommendation> latency(
      StageSnapshot s, List<StageSnapshot> all, Thresholds limits, boolean pipelineTurns) {
    long limit = limits.highLatency().toNanos();
    String fix = "Stream its output, use a faster model, or cache repeated requests.";
    if (s.kind() == StageSnapshot.Kind.PIPELINE) {
      long p95 = s.turnLatency().p95Nanos();
      if (s.turns() == 0 || p95 <= limit) {
        return Optional.empty();
      }
      StringBuilder msg =
          new StringBuilder("Answers start ")
              .append(HumanFormat.duration(p95))
              .append(" after the user's turn at p95 (limit ")
              .append(HumanFormat.duration(limit))
              .append(").");
      all.stream()
          .filter(x -> x.kind() == StageSnapshot.Kind.STAGE && !x.firstOutput().isEmpty())
          .max(Comparator.comparingLong(x -> x.firstOutput().p50Nanos()))
          .ifPresent(
              slowest ->
                  msg.append(" The largest share is '")
                      .append(slowest.name())
                      .append("', ")
                      .append(HumanFormat.duration(slowest.firstOutput().p50Nanos()))
                      .append(" to its first output (median). ")
                      .append(fix));
      return Optional.of(rec(Kind.HIGH_LATENCY, s, msg.toString(), p95 / 1e6, limit / 1e6));
    }
    long p95 = s.firstOutput().p95Nanos();
    if (pipelineTurns || s.firstOutput().isEmpty() || p95 <= limit) {
      return Optional.empty();
    }
    String msg =
        "'"
            + s.name()
            + "' needs "
            + HumanFormat.duration(p95)
            + " to its first output at p95 (limit "
            + HumanFormat.duration(limit)
            + "). "
            + fix;
    return Optional.of(rec(Kind.HIGH_LATENCY, s, msg, p95 / 1e6, limit / 1e6));
  }

  private static Optional<Recommendation> slowProcessing(StageSnapshot s, Thresholds limits) {
    long limit = limits.slowProcessing().toNanos();
    long p95 = s.processing().p95Nanos();
    if (s.kind() != StageSnapshot.Kind.STAGE || s.processing().isEmpty() || p95 <= limit) {
      return Optional.empty();
    }
    String msg =
        "'"
            + s.name()
            + "' spends "
            + HumanFormat.duration(p95)
            + " per part at p95 (limit "
            + HumanFormat.duration(limit)
            + "). Run it on several parts at once with concurrent(n), cache repeated inputs,"
            + " or give it smaller parts.";
    return Optional.of(rec(Kind.SLOW_PROCESSING, s, msg, p95 / 1e6, limit / 1e6));
  }

  private static Optional<Recommendation> throughput(
      StageSnapshot s, Thresholds limits, long windowNanos) {
    double min = limits.minThroughput();
    if (min == 0 || s.inputRate() == 0 || s.throughput() >= min) {
      return Optional.empty();
    }
    String msg =
        "'"
            + s.name()
            + "' emits "
            + HumanFormat.rate(s.throughput())
            + " parts/s while reading "
            + HumanFormat.rate(s.inputRate())
            + " parts/s over the last "
            + HumanFormat.duration(windowNanos)
            + " (minimum "
            + HumanFormat.rate(min)
            + " parts/s). A stage is falling behind: look at the slowest processing time.";
    return Optional.of(rec(Kind.LOW_THROUGHPUT, s, msg, s.throughput(), min));
  }

  private static Optional<Recommendation> errors(StageSnapshot s, Thresholds limits) {
    double rate = s.errorRate();
    if (s.errors() == 0 || rate <= limits.maxErrorRate()) {
      return Optional.empty();
    }
    String common =
        s.errorTypes().entrySet().stream()
            .max(Map.Entry.comparingByValue())
            .map(e -> "; most often " + e.getKey())
            .orElse("");
    String msg =
        "'"
            + s.name()
            + "' failed "
            + s.errors()
            + (s.errors() == 1 ? " time" : " times")
            + " in "
            + s.partsIn()
            + " parts ("
            + HumanFormat.percent(rate)
            + ", limit "
            + HumanFormat.percent(limits.maxErrorRate())
            + ")"
            + common
            + ". Retry it with Processors.retry, or check the service it calls.";
    return Optional.of(rec(Kind.HIGH_ERROR_RATE, s, msg, rate, limits.maxErrorRate()));
  }

  private static Optional<Recommendation> interruptions(StageSnapshot s, Thresholds limits) {
    long turns = s.kind() == StageSnapshot.Kind.PIPELINE ? s.turns() : s.firstOutput().count();
    double ratio = (double) s.interruptions() / Math.max(1, turns);
    if (s.interruptions() == 0 || ratio <= limits.maxInterruptionsPerTurn()) {
      return Optional.empty();
    }
    String msg =
        "Users interrupted '"
            + s.name()
            + "' "
            + (s.interruptions() == 1 ? "once" : s.interruptions() + " times")
            + " in "
            + turns
            + (turns == 1 ? " turn" : " turns")
            + " ("
            + HumanFormat.ratio(ratio)
            + " per turn, limit "
            + HumanFormat.ratio(limits.maxInterruptionsPerTurn())
            + "). Answers may be too long or start too late: shorten them or cut the latency.";
    return Optional.of(
        rec(Kind.FREQUENT_INTERRUPTIONS, s, msg, ratio, limits.maxInterruptionsPerTurn()));
  }

  private static Optional<Recommendation> underruns(StageSnapshot s, Thresholds limits) {
    if (s.underruns() <= limits.maxUnderruns()) {
      return Optional.empty();
    }
    String msg =
        "Audio from '"
            + s.name()
            + "' ran dry "
            + s.underruns()
            + (s.underruns() == 1 ? " time" : " times")
            + " (longest gap "
            + HumanFormat.duration(s.gaps().maxNanos())
            + ", "
            + HumanFormat.percent(s.continuity())
            + " continuous; limit "
            + limits.maxUnderruns()
            + "). Give playback a larger lead, or make the audio stage faster than real time.";
    return Optional.of(
        rec(Kind.BUFFER_UNDERRUNS, s, msg, s.underruns(), (double) limits.maxUnderruns()));
  }

  private static Recommendation rec(
      Kind kind, StageSnapshot s, String message, double observed, double threshold) {
    return new Recommendation(kind, s.name(), message, observed, threshold);
  }
}
