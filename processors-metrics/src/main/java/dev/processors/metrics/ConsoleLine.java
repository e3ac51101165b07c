package dev.processors.metrics;

import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** The pieces of a {@link LiveConsole} line. */
final class ConsoleLine {
  private ConsoleLine() {}

  static String pipeline(String name, Histogram turns, double rate) {
    String latency =
        turns.getTotalCount() == 0
            ? "turn -"
            : "turn "
                + HumanFormat.duration(turns.getValueAtPercentile(50))
                + "/"
                + HumanFormat.duration(turns.getValueAtPercentile(99))
                + " ("
                + turns.getTotalCount()
                + ")";
    return name + " " + latency + " " + HumanFormat.rate(rate) + "/s";
  }

  static String stage(String name, Histogram interval, double rate) {
    if (interval.getTotalCount() == 0) {
      return name + " idle";
    }
    return name
        + " "
        + HumanFormat.duration(interval.getValueAtPercentile(50))
        + "/"
        + HumanFormat.duration(interval.getValueAtPercentile(99))
        + " "
        + HumanFormat.rate(rate)
        + "/s";
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
    sb.append("err ").append(errors).append(" int ").append(interruptions);
    sb.append(" gaps ").append(gaps);
    return sb.toString();
  }
}
