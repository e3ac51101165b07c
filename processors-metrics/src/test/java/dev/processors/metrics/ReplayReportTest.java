package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Recording;
import dev.processors.core.RecordingDiff;
import dev.processors.core.RecordingEntry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayReportTest {
  private static final long MS = 1_000_000;

  /** A model that read a question at 10 ms and answered at {@code answerAt} with {@code answer}. */
  private static Recording session(String answer, long answerAt) {
    return Recording.of(
        List.of(
            new RecordingEntry.Started(0, "model", 0),
            new RecordingEntry.Input(10 * MS, "model", 0, 0, ProcessorPart.text("question")),
            new RecordingEntry.Output(answerAt, "model", 0, 0, ProcessorPart.text(answer)),
            new RecordingEntry.Output(
                answerAt + 5 * MS, "model", 0, 1, ProcessorPart.text("second part")),
            new RecordingEntry.InputEnded(100 * MS, "model", 0),
            new RecordingEntry.OutputEnded(100 * MS, "model", 0, Optional.empty())));
  }

  private static MetricsSnapshot snapshot() {
    RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());
    metrics.stage("model").recordProcessing(2 * MS);
    return metrics.snapshot();
  }

  @Test
  void theReportShowsTheFirstDivergentPartRecordedAndNowAsText() {
    RecordingDiff diff =
        RecordingDiff.between(session("<b>sunny</b>", 40 * MS), session("rainy", 40 * MS));
    String html = HtmlReport.render(snapshot(), diff);

    assertThat(html).contains("<section class=\"card\" id=\"replay\">");
    assertThat(html).contains("class=\"verdict bad\"").contains("DIVERGES from the recording");
    assertThat(html).contains("First divergent part").contains("'model' out, call 0, data #0");
    // Part text is escaped, never markup.
    assertThat(html).contains("&lt;b&gt;sunny&lt;/b&gt;").doesNotContain("<b>sunny</b>");
    assertThat(html).contains("rainy");
    assertThat(html).doesNotContain("__REPLAY__").doesNotContain("__DATA__");
  }

  @Test
  void theReportShowsTimingThatMovedAndTheLatencyChangePerPoint(@TempDir Path dir)
      throws Exception {
    RecordingDiff diff =
        RecordingDiff.between(session("sunny", 40 * MS), session("sunny", 70 * MS));
    Path file = dir.resolve("replay.html");
    HtmlReport.write(snapshot(), diff, file);
    String html = Files.readString(file, StandardCharsets.UTF_8);

    assertThat(html).contains("class=\"verdict warn\"").contains("same outputs as the recording");
    assertThat(html).contains("Timing that moved (2 parts)").contains("+30.000 ms");
    assertThat(html).contains("id=\"replay-latency\"").contains("30.0 / 35.0 / 35.0");
    assertThat(html).contains("60.0 / 65.0 / 65.0").contains("class=\"changed\">+30.000");
  }

  @Test
  void aReplayThatMatchesSaysSoAndAPlainReportHasNoReplayCard() {
    RecordingDiff same =
        RecordingDiff.between(session("sunny", 40 * MS), session("sunny", 40 * MS));
    assertThat(HtmlReport.render(snapshot(), same))
        .contains("<p class=\"verdict\" id=\"replay-verdict\">same outputs as the recording");
    String plain = HtmlReport.render(snapshot());
    assertThat(plain).doesNotContain("id=\"replay\"").doesNotContain("__REPLAY__");
  }
}
