package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTML report is one self-contained file whose script draws the charts. The browser test
 * renders it in headless Chromium (Debian package {@code chromium}) and is skipped when Chromium is
 * not installed.
 */
class HtmlReportTest {
  /** Chromium on the PATH (Debian installs /usr/bin/chromium). */
  static Optional<Path> chromium() {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  @TempDir Path dir;

  @Test
  void pageIsSelfContained() {
    String html = ReportJsonTest.busySnapshot().toHtml();

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("<script>");
    assertThat(html).doesNotContain("https://").doesNotContain(" src=").doesNotContain("<link");
    // the only URL is the SVG namespace name, which is never fetched
    assertThat(html.replace("http://www.w3.org/2000/svg", "")).doesNotContain("http://");
    assertThat(html).doesNotContain("__DATA__").doesNotContain("__TITLE__");
  }

  @Test
  void namesCannotBreakOutOfTheScript() {
    RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());
    metrics.stage("</script><img src=x onerror=alert(1)>").recordProcessing(1_000);

    String html = metrics.snapshot().toHtml();

    assertThat(html).doesNotContain("</script><img");
    assertThat(html).contains("\\u003c/script\\u003e\\u003cimg src=x onerror=alert(1)\\u003e");
  }

  @Test
  void chromiumRendersEveryChart() throws Exception {
    Optional<Path> browser = chromium();
    assumeTrue(
        browser.isPresent(),
        "headless Chromium not installed (Debian: apt-get install chromium); skipping the"
            + " browser check of the HTML report");
    Path page = dir.resolve("report.html");
    MetricsSnapshot snapshot = ReportJsonTest.busySnapshot();
    HtmlReport.write(snapshot, page);

    String dom = dumpDom(browser.get(), page);

    assertThat(dom).contains("data-rendered=\"true\"");
    assertThat(count(svg(dom, "chart-waterfall"), "class=\"segment\"")).isEqualTo(3);
    assertThat(count(svg(dom, "chart-first-output"), "class=\"bar p50\"")).isEqualTo(4);
    assertThat(count(svg(dom, "chart-processing"), "class=\"bar p99\"")).isEqualTo(3);
    assertThat(count(svg(dom, "chart-histogram"), "class=\"bar\"")).isGreaterThanOrEqualTo(1);
    assertThat(count(svg(dom, "chart-histogram"), "class=\"marker\"")).isEqualTo(2);
    assertThat(count(svg(dom, "chart-throughput"), "class=\"series\"")).isEqualTo(4);
    assertThat(svg(dom, "chart-throughput")).contains(" d=\"M");
    assertThat(dom).contains("spends").contains("ran dry");
    assertThat(dom).contains("<td>llm</td>");
    assertThat(count(dom, "class=\"recent-row\"")).isEqualTo(snapshot.stages().size());
    assertThat(dom).contains("over its last 1,000 samples");
  }

  @Test
  void chromiumRendersAnEmptyReportWithoutErrors() throws Exception {
    Optional<Path> browser = chromium();
    assumeTrue(
        browser.isPresent(),
        "headless Chromium not installed (Debian: apt-get install chromium); skipping the"
            + " browser check of the empty HTML report");
    Path page = dir.resolve("empty.html");
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics.create(clock).writeHtml(page);

    String dom = dumpDom(browser.get(), page);

    assertThat(dom).contains("data-rendered=\"true\"");
    assertThat(svg(dom, "chart-histogram")).contains("No samples yet.");
    assertThat(svg(dom, "chart-throughput")).contains("No output yet.");
    assertThat(dom).contains("All good");
  }

  private static final String LONG_NAME =
      "live-api(a-model-with-a-rather-long-name-preview-09-2025)";

  /** Two answers (304 ms and 329 ms) from a model stage with a long name, after a short stage. */
  private static MetricsSnapshot twoAnswers() {
    RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());
    metrics.stage("vad").recordFirstOutput(70_000);
    StageMetrics model = metrics.stage(LONG_NAME);
    model.recordFirstOutput(304_000_000);
    model.recordFirstOutput(329_000_000);
    model.recordProcessing(8_000_000);
    return metrics.snapshot();
  }

  @Test
  void chromiumDrawsLongStageNamesWholeAndTwoSamplesInContextWithSeparateLabels() throws Exception {
    Optional<Path> browser = chromium();
    assumeTrue(browser.isPresent(), "headless Chromium not installed; skipping");
    Path page = dir.resolve("two.html");
    HtmlReport.write(twoAnswers(), page);

    String dom = dumpDom(browser.get(), page, 1280);

    // the label column is as wide as the longest name: the name is drawn whole
    assertThat(svg(dom, "chart-first-output")).contains(">" + LONG_NAME + "<title>");
    assertThat(svg(dom, "chart-processing")).contains(">" + LONG_NAME + "<title>");
    // the two samples share a bucket: its empty neighbours are drawn too
    String histogram = svg(dom, "chart-histogram");
    assertThat(count(histogram, "class=\"bar\"")).isGreaterThanOrEqualTo(5);
    assertThat(histogram).containsPattern("2 samples \\(30\\d ms to 3\\d\\d ms\\)");
    // p50's label points left of its line, p99's right: they cannot overlap
    assertThat(histogram)
        .containsPattern("text-anchor=\"end\" class=\"marker-label\"[^>]*>p50 ")
        .containsPattern("text-anchor=\"start\" class=\"marker-label\"[^>]*>p99 ");
  }

  @Test
  void theFiguresTableFitsA1280PixelWindowWithoutScrolling() throws Exception {
    Optional<Path> browser = chromium();
    assumeTrue(browser.isPresent(), "headless Chromium not installed; skipping");
    Path page = dir.resolve("busy.html");
    HtmlReport.write(ReportJsonTest.busySnapshot(), page);

    assertThat(dumpDom(browser.get(), page, 1280)).contains("data-overflow=\"false\"");
  }

  /** Renders the page in headless Chromium and returns the DOM after its script ran. */
  static String dumpDom(Path browser, Path page) throws IOException, InterruptedException {
    return dumpDom(browser, page, 0);
  }

  /** As above in a window {@code width} pixels wide (0: Chromium's default). */
  static String dumpDom(Path browser, Path page, int width)
      throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory(page.getParent(), "chromium-profile");
    Path out = page.resolveSibling(page.getFileName() + ".dom");
    Path err = page.resolveSibling(page.getFileName() + ".err");
    List<String> cmd = new ArrayList<>(chromiumFlags(browser, profile));
    if (width > 0) {
      cmd.add("--window-size=" + width + ",2000");
    }
    cmd.add("--dump-dom");
    cmd.add(page.toUri().toString());
    Process p =
        new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s");
    }
    String dom = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(dom)
        .as("chromium output; stderr: %s", Files.readString(err, StandardCharsets.UTF_8))
        .contains("</html>");
    return dom;
  }

  static List<String> chromiumFlags(Path browser, Path profile) {
    return List.of(
        browser.toString(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--user-data-dir=" + profile);
  }

  private static String svg(String dom, String id) {
    Matcher m = Pattern.compile("<svg id=\"" + id + "\".*?</svg>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("svg#%s in the rendered page", id).isTrue();
    return m.group();
  }

  private static int count(String text, String needle) {
    int n = 0;
    for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
