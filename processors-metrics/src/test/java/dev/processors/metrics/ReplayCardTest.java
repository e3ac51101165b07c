package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Recording;
import dev.processors.core.RecordingDiff;
import dev.processors.core.RecordingEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The replay card shows each figure of the diff, marked changed only beyond the tolerance. */
class ReplayCardTest {
  private static final long MS = 1_000_000;

  /** Point {@code point} read a question at 10 ms and answered at {@code answerAt}, +5 ms. */
  private static List<RecordingEntry> point(String point, String answer, long answerAt) {
    return List.of(
        new RecordingEntry.Started(0, point, 0),
        new RecordingEntry.Input(10 * MS, point, 0, 0, ProcessorPart.text("question")),
        new RecordingEntry.Output(answerAt, point, 0, 0, ProcessorPart.text(answer)),
        new RecordingEntry.Output(answerAt + 5 * MS, point, 0, 1, ProcessorPart.text("more")),
        new RecordingEntry.InputEnded(100 * MS, point, 0),
        new RecordingEntry.OutputEnded(100 * MS, point, 0, Optional.empty()));
  }

  @SafeVarargs
  private static Recording session(List<RecordingEntry>... points) {
    List<RecordingEntry> all = new ArrayList<>();
    for (List<RecordingEntry> p : points) {
      all.addAll(p);
    }
    return Recording.of(all);
  }

  private static String card(RecordingDiff diff) {
    MetricsSnapshot snapshot = RealTimeMetrics.create(Clock.virtual()).snapshot();
    return HtmlReport.render(snapshot, diff);
  }

  @Test
  void latencyChangesAtTheToleranceAreShownButNotMarkedChanged() {
    RecordingDiff diff =
        RecordingDiff.between(
            session(point("model", "sunny", 40 * MS)),
            session(point("model", "sunny", 45 * MS)),
            Duration.ofMillis(5));

    String html = card(diff);

    assertThat(html).contains("<td>+5.000</td><td>+5.000</td></tr>");
    assertThat(html).doesNotContain("<td class=\"changed\">+5.000</td>");
  }

  @Test
  void latencyChangesBeyondTheToleranceAreMarkedChangedInMilliseconds() {
    RecordingDiff diff =
        RecordingDiff.between(
            session(point("model", "sunny", 40 * MS)),
            session(point("model", "sunny", 70 * MS)),
            Duration.ofMillis(5));

    assertThat(card(diff))
        .contains("<td class=\"changed\">+30.000</td><td class=\"changed\">+30.000</td></tr>");
  }

  @Test
  void oneDivergenceIsShownAsTheFirstWithItsTimeAndNoOtherLanes() {
    RecordingDiff diff =
        RecordingDiff.between(
            session(point("model", "sunny", 40 * MS)), session(point("model", "rainy", 40 * MS)));
    assertThat(diff.divergences()).hasSize(1);

    String html = card(diff);

    assertThat(html).contains("<tr><th>when</th><td class=\"part\">0.040 s</td></tr>");
    assertThat(html).doesNotContain("Other diverging lanes");
    assertThat(html).doesNotContain("Points the recording does not have");
  }

  @Test
  void twoDivergingPointsListTheSecondAsAnotherLane() {
    RecordingDiff diff =
        RecordingDiff.between(
            session(point("stt", "hi", 20 * MS), point("model", "sunny", 40 * MS)),
            session(point("stt", "ho", 20 * MS), point("model", "rainy", 40 * MS)));
    assertThat(diff.divergences()).hasSize(2);

    String html = card(diff);

    assertThat(html).contains("Other diverging lanes");
    assertThat(html).contains("0.040 s</td><td class=\"part\">");
  }

  @Test
  void theVerdictIsTheFirstLineOfTheDiffAndNewPointsAreNamed() {
    RecordingDiff diff =
        RecordingDiff.between(
            session(point("model", "sunny", 40 * MS)),
            session(point("model", "rainy", 40 * MS), point("tts", "audio", 60 * MS)));
    String text = diff.toText();
    assertThat(text).contains("\n");
    String firstLine = text.substring(0, text.indexOf('\n'));

    String html = card(diff);

    assertThat(html).contains("id=\"replay-verdict\">" + ReplaySection.escape(firstLine) + "</p>");
    assertThat(html).contains("Points the recording does not have: tts");
  }
}
