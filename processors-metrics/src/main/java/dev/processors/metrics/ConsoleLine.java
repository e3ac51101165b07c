package dev.processors.metrics;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The pieces of a {@link LiveConsole} line, each figure labelled: {@code pipeline: turn p50 422 ms
 * · p99 910 ms · 2 turns · 48 parts/s | llm: p50 50.1 ms · p99 99.1 ms · 100 parts/s | errors 0 ·
 * interruptions 1 · gaps 0}. Plain text, never terminal escape codes.
 */
final class ConsoleLine {
  private ConsoleLine() {}

  static String pipeline(String name, Histogram turns, double rate) {
    long count = turns.getTotalCount();
    String latency =
        count == 0
            ? "no turn yet"
            : "turn p50 "
                + HumanFormat.duration(turns.getValueAtPercentile(50))
                + " · p99 "
                + HumanFormat.duration(turns.getValueAtPercentile(99))
                + " · "
                + count
                + (count == 1 ? " turn" : " turns");
    return name + ": " + latency + " · " + HumanFormat.rate(rate) + " parts/s";
  }

  static String stage(String name, Histogram interval, double rate) {
    if (interval.getTotalCount() == 0) {
      return name + ": idle";
    }
    return name
        + ": p50 "
        + HumanFormat.duration(interval.getValueAtPercentile(50))
        + " · p99 "
        + HumanFormat.duration(interval.getValueAtPercentile(99))
        + " · "
        + HumanFormat.rate(rate)
        + " parts/s";
  }

  static String join(
      long sinceOriginNanos, List<String> pieces, long errors, long interruptions, long gaps) {
    StringBuilder sb =
        new StringBuilder(String.format(Locale.ROOT, "[%5ds] ", sinceOriginNanos / 1_000_000_000L));
    if (pieces.isEmpty()) {
      sb.append("no stages measured yet | ");
    }
    for (String p : pieces) {
      sb.append(p).append(" | ");
    }
    sb.append("errors ").append(errors);
    sb.append(" · interruptions ").append(interruptions);
    sb.append(" · gaps ").append(gaps);
    return sb.toString();
  }
}
