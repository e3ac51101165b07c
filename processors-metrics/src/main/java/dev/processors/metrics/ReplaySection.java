package dev.processors.metrics;

import dev.processors.core.ProcessorPart;
import dev.processors.core.RecordingDiff;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The report's "replay against the recording" card: the verdict, the first divergent part, the
 * other diverging lanes, the parts whose timing moved and the latency per recorded point. Built on
 * the server side as escaped HTML (every name and part is text, never markup).
 */
final class ReplaySection {
  private static final int SHOWN = 12;

  private ReplaySection() {}

  static String render(RecordingDiff diff) {
    StringBuilder h = new StringBuilder();
    h.append("  <section class=\"card\" id=\"replay\">\n");
    h.append("    <h2>Replay against the recording</h2>\n");
    h.append("    <p class=\"hint\">The recorded session re-run through the current pipeline on a")
        .append(" virtual clock; timing compared within ")
        .append(ms(diff.tolerance().toNanos()))
        .append(" ms.</p>\n");
    String verdictClass =
        diff.identical() ? "verdict" : diff.sameOutputs() ? "verdict warn" : "verdict bad";
    h.append("    <p class=\"")
        .append(verdictClass)
        .append("\" id=\"replay-verdict\">")
        .append(escape(firstLine(diff.toText())))
        .append("</p>\n");
    diff.firstDivergence().ifPresent(d -> firstDivergence(h, d));
    List<RecordingDiff.Divergence> others = diff.divergences();
    if (others.size() > 1) {
      h.append("    <h2>Other diverging lanes</h2>\n    <div class=\"scroll\"><table>")
          .append("<tr><th>where</th><th>at</th><th class=\"part\">what</th></tr>");
      for (RecordingDiff.Divergence d : others.subList(1, Math.min(others.size(), SHOWN + 1))) {
        h.append("<tr><td>")
            .append(escape(where(d)))
            .append("</td><td>")
            .append(seconds(d.nanos()))
            .append(" s</td><td class=\"part\">")
            .append(escape(d.explanation()))
            .append("</td></tr>");
      }
      h.append("</table></div>\n");
    }
    List<RecordingDiff.TimingChange> timing = diff.timingChanges();
    if (!timing.isEmpty()) {
      h.append("    <h2>Timing that moved (")
          .append(timing.size())
          .append(" parts)</h2>\n    <div class=\"scroll\"><table>")
          .append("<tr><th>where</th><th>recorded</th><th>now</th><th>shift</th>")
          .append("<th class=\"part\">part</th></tr>");
      for (RecordingDiff.TimingChange t : timing.subList(0, Math.min(timing.size(), SHOWN))) {
        h.append("<tr><td>")
            .append(
                escape("'" + t.point() + "' " + t.stream() + " " + t.lane() + " #" + t.position()))
            .append("</td><td>")
            .append(seconds(t.recordedNanos()))
            .append(" s</td><td>")
            .append(seconds(t.actualNanos()))
            .append(" s</td><td class=\"changed\">")
            .append(String.format(Locale.ROOT, "%+.3f ms", t.shift().toNanos() / 1e6))
            .append("</td><td class=\"part\">")
            .append(escape(t.part().toString()))
            .append("</td></tr>");
      }
      h.append("</table></div>\n");
    }
    latencies(h, diff);
    if (!diff.newPoints().isEmpty()) {
      h.append("    <p class=\"hint\">Points the recording does not have: ")
          .append(escape(String.join(", ", diff.newPoints())))
          .append("</p>\n");
    }
    h.append("  </section>\n");
    return h.toString();
  }

  private static void firstDivergence(StringBuilder h, RecordingDiff.Divergence d) {
    h.append(
            "    <h2>First divergent part</h2>\n    <div class=\"scroll\"><table id=\"replay-first\">")
        .append("<tr><th>where</th><td class=\"part\">")
        .append(escape(where(d)))
        .append("</td></tr><tr><th>when</th><td class=\"part\">")
        .append(seconds(d.nanos()))
        .append(" s</td></tr><tr><th>what</th><td class=\"part\">")
        .append(escape(d.explanation()))
        .append("</td></tr><tr><th>recorded</th><td class=\"part\">")
        .append(part(d.recorded()))
        .append("</td></tr><tr><th>now</th><td class=\"part\">")
        .append(part(d.actual()))
        .append("</td></tr></table></div>\n");
  }

  private static void latencies(StringBuilder h, RecordingDiff diff) {
    if (diff.latencies().isEmpty()) {
      return;
    }
    h.append("    <h2>Latency per point</h2>\n")
        .append("    <p class=\"hint\">Each output after the input it followed: p50 / p95 / max in")
        .append(
            " ms, recorded and now.</p>\n    <div class=\"scroll\"><table id=\"replay-latency\">")
        .append("<tr><th>point</th><th>recorded</th><th>now</th><th>p50 change</th>")
        .append("<th>p95 change</th></tr>");
    long tol = diff.tolerance().toNanos();
    for (RecordingDiff.PointLatency l : diff.latencies()) {
      long d50 = l.medianChange().toNanos();
      long d95 = l.p95Change().toNanos();
      h.append("<tr><td>")
          .append(escape(l.point()))
          .append("</td><td>")
          .append(figures(l.recorded()))
          .append("</td><td>")
          .append(figures(l.actual()))
          .append("</td><td")
          .append(Math.abs(d50) > tol ? " class=\"changed\">" : ">")
          .append(String.format(Locale.ROOT, "%+.3f", d50 / 1e6))
          .append("</td><td")
          .append(Math.abs(d95) > tol ? " class=\"changed\">" : ">")
          .append(String.format(Locale.ROOT, "%+.3f", d95 / 1e6))
          .append("</td></tr>");
    }
    h.append("</table></div>\n");
  }

  private static String where(RecordingDiff.Divergence d) {
    return "'"
        + d.point()
        + "' "
        + d.stream()
        + ", call "
        + d.call()
        + ", "
        + d.lane()
        + " #"
        + d.position();
  }

  private static String part(Optional<ProcessorPart> part) {
    return part.map(p -> escape(p.toString())).orElse("(none)");
  }

  private static String figures(RecordingDiff.LatencySummary s) {
    return s.outputs() == 0
        ? "-"
        : ms(s.medianNanos()) + " / " + ms(s.p95Nanos()) + " / " + ms(s.maxNanos());
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  private static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
