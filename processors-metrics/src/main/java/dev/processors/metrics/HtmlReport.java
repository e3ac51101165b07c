package dev.processors.metrics;

import dev.processors.core.RecordingDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A self-contained HTML page that answers "where does my latency go": summary tiles,
 * recommendations, the median time to first output stage by stage against the turn latency,
 * percentiles per stage, a latency histogram and a throughput timeline. Everything is inline (CSS,
 * script, the report's JSON); the charts are SVG drawn by the page's script, so the file opens in
 * any browser without a network.
 *
 * <pre>{@code
 * HtmlReport.write(metrics.snapshot(), Path.of("metrics.html"));
 * HtmlReport.write(metrics.snapshot(), replay.diff(), Path.of("replay.html"));  // with a replay
 * }</pre>
 *
 * <p>Thread-safe. Names of stages and probes are inserted as text, never as markup.
 */
public final class HtmlReport {
  private static final String TEMPLATE = loadTemplate();

  private HtmlReport() {}

  /** The page for {@code snapshot}. */
  public static String render(MetricsSnapshot snapshot) {
    return render(snapshot, "");
  }

  /**
   * The page for {@code snapshot} with a "replay against the recording" card for {@code diff} near
   * its top: the verdict, the first divergent part (recorded and now), the other diverging lanes,
   * the parts whose timing moved and the latency per recorded point with its change.
   */
  public static String render(MetricsSnapshot snapshot, RecordingDiff diff) {
    return render(snapshot, ReplaySection.render(Objects.requireNonNull(diff, "diff")));
  }

  private static String render(MetricsSnapshot snapshot, String replaySection) {
    Objects.requireNonNull(snapshot, "snapshot");
    String json = scriptSafe(snapshot.toJson());
    String title = "Latency report " + snapshot.takenAt();
    return TEMPLATE
        .replace("__TITLE__", escapeHtml(title))
        .replace("__REPLAY__", replaySection)
        .replace("__DATA__", json);
  }

  /**
   * Writes the page for {@code snapshot} to {@code file} (UTF-8), replacing it.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(MetricsSnapshot snapshot, Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Files.writeString(file, render(snapshot), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the HTML report to " + file, e);
    }
  }

  /**
   * Writes the page for {@code snapshot} with the replay card for {@code diff} (see {@link
   * #render(MetricsSnapshot, RecordingDiff)}) to {@code file}, replacing it.
   *
   * @throws UncheckedIOException if the file cannot be written
   */
  public static void write(MetricsSnapshot snapshot, RecordingDiff diff, Path file) {
    Objects.requireNonNull(file, "file");
    try {
      Files.writeString(file, render(snapshot, diff), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the HTML report to " + file, e);
    }
  }

  /** JSON text that cannot end or confuse the script element it sits in. */
  static String scriptSafe(String json) {
    // '<', '>' and '&' can only occur inside JSON strings, where \\u escapes mean the same.
    return json.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static String loadTemplate() {
    try (InputStream in = HtmlReport.class.getResourceAsStream("report.html")) {
      if (in == null) {
        throw new IllegalStateException("report.html is missing from processors-metrics");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read report.html", e);
    }
  }
}
