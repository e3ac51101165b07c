package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What {@link RecordingDiff} reports for hand-made recordings: lanes, endings, latency, text. */
class RecordingDiffTest {

  private static final long MS = 1_000_000L;

  private static RecordingEntry started(long ms, String point, int call) {
    return new RecordingEntry.Started(ms * MS, point, call);
  }

  private static RecordingEntry out(long ms, String point, int call, long seq, ProcessorPart p) {
    return new RecordingEntry.Output(ms * MS, point, call, seq, p);
  }

  private static RecordingEntry in(long ms, String point, int call, long seq, ProcessorPart p) {
    return new RecordingEntry.Input(ms * MS, point, call, seq, p);
  }

  private static RecordingEntry ended(long ms, String point, int call, String error) {
    return new RecordingEntry.OutputEnded(ms * MS, point, call, Optional.ofNullable(error));
  }

  private static Recording stoppedEarly(List<RecordingEntry> entries, String reason) {
    return RecordedSession.of(entries, Map.of(), Optional.of(reason));
  }

  /** One output per call, {@code latenciesMs[c]} after the start of call c (calls 1 s apart). */
  private static List<RecordingEntry> outputsAfter(String point, long... latenciesMs) {
    List<RecordingEntry> entries = new ArrayList<>();
    for (int c = 0; c < latenciesMs.length; c++) {
      entries.add(started(c * 1000L, point, c));
      entries.add(out(c * 1000L + latenciesMs[c], point, c, 0, ProcessorPart.text("answer " + c)));
    }
    return entries;
  }

  private static String lineOf(String text, String start) {
    return text.lines()
        .filter(l -> l.startsWith(start))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line starting with '" + start + "' in\n" + text));
  }

  private static RecordingDiff.Divergence onlyDivergence(
      ProcessorPart recorded, ProcessorPart now) {
    RecordingDiff diff =
        RecordingDiff.between(
            Recording.of(List.of(out(5, "p", 0, 0, recorded))),
            Recording.of(List.of(out(5, "p", 0, 0, now))));
    assertThat(diff.divergences()).hasSize(1);
    return diff.divergences().get(0);
  }

  @Test
  void anIdenticalRunSaysSoWithTheToleranceAndTheNumberOfComparedParts() {
    Recording r = Recording.of(outputsAfter("p", 10, 20, 30));
    RecordingDiff diff = RecordingDiff.between(r, Recording.of(outputsAfter("p", 10, 20, 30)));

    assertThat(diff.identical()).isTrue();
    assertThat(diff.comparedParts()).isEqualTo(3);
    assertThat(diff.toText())
        .startsWith(
            "same outputs as the recording, every part within 1.000 ms of its recorded time"
                + " (3 parts compared)")
        .doesNotContain("timing:")
        .doesNotContain("stopped early")
        .doesNotContain("first divergent part")
        .doesNotContain("points the recording does not have");
  }

  @Test
  void movedPartsAreListedEarliestFirstWithTheirShiftInTheText() {
    // Lane "late" is seen first but moves later in time than lane "early".
    Recording recorded =
        Recording.of(
            List.of(
                out(0, "late", 0, 0, ProcessorPart.text("l0")),
                out(100, "late", 0, 1, ProcessorPart.text("l1")),
                out(10, "early", 0, 0, ProcessorPart.text("e0"))));
    Recording actual =
        Recording.of(
            List.of(
                out(0, "late", 0, 0, ProcessorPart.text("l0")),
                out(107, "late", 0, 1, ProcessorPart.text("l1")),
                out(7, "early", 0, 0, ProcessorPart.text("e0"))));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.sameOutputs()).isTrue();
    assertThat(diff.identical()).isFalse();
    assertThat(diff.timingChanges())
        .extracting(RecordingDiff.TimingChange::point)
        .containsExactly("early", "late");
    assertThat(diff.timingChanges())
        .extracting(RecordingDiff.TimingChange::shift)
        .containsExactly(Duration.ofMillis(-3), Duration.ofMillis(7));
    String text = diff.toText();
    assertThat(text)
        .startsWith("same outputs as the recording; 2 of 3 parts moved by more than 1.000 ms\n")
        .contains("timing: 2 parts moved by more than 1.000 ms; the first:\n")
        .contains("  'early' out #0 (data) at 0.010 s: -3.000 ms\n")
        .contains("  'late' out #1 (data) at 0.100 s: +7.000 ms\n");
  }

  @Test
  void divergingLanesAreReportedEarliestFirstAndTheFirstIsShownInFull() {
    Recording recorded =
        Recording.of(
            List.of(
                out(0, "a", 0, 0, ProcessorPart.text("same")),
                out(300, "a", 0, 1, ProcessorPart.text("recorded a")),
                out(200, "b", 0, 0, ProcessorPart.text("recorded b"))));
    Recording actual =
        Recording.of(
            List.of(
                out(0, "a", 0, 0, ProcessorPart.text("same")),
                out(300, "a", 0, 1, ProcessorPart.text("now a")),
                out(250, "b", 0, 0, ProcessorPart.text("now b"))));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.sameOutputs()).isFalse();
    assertThat(diff.divergences())
        .extracting(RecordingDiff.Divergence::point)
        .containsExactly("b", "a");
    RecordingDiff.Divergence first = diff.firstDivergence().orElseThrow();
    assertThat(first.nanos()).isEqualTo(200 * MS);
    assertThat(first.explanation()).isEqualTo("other content");
    String text = diff.toText();
    assertThat(text)
        .startsWith("DIVERGES from the recording in 2 stream lanes\n")
        .contains("first divergent part: 'b' out, call 0, data #0, at 0.200 s\n  other content\n")
        .contains("  recorded: " + ProcessorPart.text("recorded b") + "\n")
        .contains("  now:      " + ProcessorPart.text("now b") + "\n")
        .contains(
            "other diverging lanes:\n  'a' out, call 0, data #1, at 0.300 s: other content\n");
  }

  @Test
  void aSingleDivergenceListsNoOtherLanes() {
    RecordingDiff diff =
        RecordingDiff.between(
            Recording.of(List.of(out(5, "p", 0, 0, ProcessorPart.text("x")))),
            Recording.of(List.of(out(5, "p", 0, 0, ProcessorPart.text("y")))));

    assertThat(diff.toText())
        .startsWith("DIVERGES from the recording in 1 stream lanes\n")
        .doesNotContain("other diverging lanes");
  }

  private static RecordingDiff divergingIn(int lanes) {
    List<RecordingEntry> recorded = new ArrayList<>();
    List<RecordingEntry> actual = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      recorded.add(out(i, "p" + i, 0, 0, ProcessorPart.text("x")));
      actual.add(out(i, "p" + i, 0, 0, ProcessorPart.text("y")));
    }
    return RecordingDiff.between(Recording.of(recorded), Recording.of(actual));
  }

  @Test
  void theTextShowsEightOtherDivergingLanesAndCountsTheRest() {
    String nine = divergingIn(9).toText();
    assertThat(nine).contains("  'p8' out").doesNotContain(" more\n");

    String twelve = divergingIn(12).toText();
    assertThat(twelve)
        .contains("  'p8' out")
        .doesNotContain("  'p9' out")
        .contains("  ... and 3 more\n");
  }

  @Test
  void theTextShowsTheFirstEightTimingChanges() {
    List<RecordingEntry> recorded = new ArrayList<>();
    List<RecordingEntry> actual = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      recorded.add(out(i * 10L, "p", 0, i, ProcessorPart.text("t" + i)));
      actual.add(out(i * 10L + 5, "p", 0, i, ProcessorPart.text("t" + i)));
    }
    String text = RecordingDiff.between(Recording.of(recorded), Recording.of(actual)).toText();

    assertThat(text)
        .contains("timing: 10 parts moved by more than 1.000 ms; the first:\n")
        .contains("  'p' out #7 (data) at 0.070 s: +5.000 ms\n")
        .doesNotContain("#8 (data)");
  }

  @Test
  void missingRecordedPartsAreCountedWhenThePointRan() {
    Recording recorded =
        Recording.of(
            List.of(
                out(1, "p", 0, 0, ProcessorPart.text("a")),
                out(2, "p", 0, 1, ProcessorPart.text("b")),
                out(3, "p", 0, 2, ProcessorPart.text("c"))));
    Recording actual = Recording.of(List.of(out(1, "p", 0, 0, ProcessorPart.text("a"))));

    RecordingDiff.Divergence d = RecordingDiff.between(recorded, actual).divergences().get(0);

    assertThat(d.explanation()).isEqualTo("2 recorded parts are missing");
    assertThat(d.position()).isEqualTo(1);
    assertThat(d.nanos()).isEqualTo(2 * MS);
    assertThat(d.recorded()).contains(ProcessorPart.text("b"));
    assertThat(d.actual()).isEmpty();
  }

  @Test
  void aRecordedPointThatDidNotRunIsSaidSo() {
    Recording recorded =
        Recording.of(
            List.of(
                out(1, "p", 0, 0, ProcessorPart.text("a")),
                out(2, "q", 0, 0, ProcessorPart.text("b"))));
    Recording actual = Recording.of(List.of(out(1, "p", 0, 0, ProcessorPart.text("a"))));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.divergences()).hasSize(1);
    assertThat(diff.divergences().get(0).point()).isEqualTo("q");
    assertThat(diff.divergences().get(0).explanation()).isEqualTo("the point did not run");
    assertThat(diff.toText()).contains("  now:      (none)\n");
  }

  @Test
  void extraPartsAfterTheRecordingEndedAreCountedWhenTheRecordingIsComplete() {
    Recording recorded = Recording.of(List.of(out(1, "p", 0, 0, ProcessorPart.text("a"))));
    Recording actual =
        Recording.of(
            List.of(
                out(1, "p", 0, 0, ProcessorPart.text("a")),
                out(50, "p", 0, 1, ProcessorPart.text("b")),
                out(90, "p", 0, 2, ProcessorPart.text("c"))));

    RecordingDiff.Divergence d = RecordingDiff.between(recorded, actual).divergences().get(0);

    assertThat(d.explanation()).isEqualTo("2 parts more than recorded");
    assertThat(d.position()).isEqualTo(1);
    assertThat(d.nanos()).isEqualTo(50 * MS);
    assertThat(d.recorded()).isEmpty();
    assertThat(d.actual()).contains(ProcessorPart.text("b"));
  }

  @Test
  void aRecordingThatStoppedEarlyIsComparedUpToItsLastEntryInclusive() {
    Recording recorded =
        stoppedEarly(
            List.of(
                out(0, "p", 0, 0, ProcessorPart.text("a")),
                out(10, "p", 0, 1, ProcessorPart.text("b"))),
            "the size limit was reached");
    // "c" comes at the recording's last instant and counts; "d" comes after it and does not.
    Recording actual =
        Recording.of(
            List.of(
                out(0, "p", 0, 0, ProcessorPart.text("a")),
                out(10, "p", 0, 1, ProcessorPart.text("b")),
                out(10, "p", 0, 2, ProcessorPart.text("c")),
                out(20, "p", 0, 3, ProcessorPart.text("d"))));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.divergences()).hasSize(1);
    assertThat(diff.divergences().get(0).explanation()).isEqualTo("1 parts more than recorded");
    assertThat(diff.divergences().get(0).actual()).contains(ProcessorPart.text("c"));
    assertThat(diff.toText())
        .contains(
            "  (the recording stopped early: the size limit was reached; compared up to its last"
                + " entry)\n");
  }

  @Test
  void aRecordingThatStoppedEarlyIgnoresWhatCameAfterItsEnd() {
    Recording recorded =
        stoppedEarly(List.of(out(0, "p", 0, 0, ProcessorPart.text("a"))), "stopped");
    Recording actual =
        Recording.of(
            List.of(
                out(0, "p", 0, 0, ProcessorPart.text("a")),
                out(20, "p", 0, 1, ProcessorPart.text("later"))));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.sameOutputs()).isTrue();
    assertThat(diff.comparedParts()).isEqualTo(1);
  }

  @Test
  void pointsTheRecordingDoesNotHaveAreListedButNotCompared() {
    Recording recorded = Recording.of(List.of(out(1, "p", 0, 0, ProcessorPart.text("a"))));
    Recording actual =
        Recording.of(
            List.of(
                out(1, "p", 0, 0, ProcessorPart.text("a")),
                out(2, "logger", 0, 0, ProcessorPart.text("new"))));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.sameOutputs()).isTrue();
    assertThat(diff.newPoints()).containsExactly("logger");
    assertThat(diff.toText()).contains("points the recording does not have: [logger]\n");
  }

  @Test
  void aCallThatFailsNowButEndedNormallyInTheRecordingDiverges() {
    Recording recorded =
        Recording.of(
            List.of(
                out(1, "model", 0, 0, ProcessorPart.text("a")),
                ended(5, "model", 0, null),
                ended(6, "other", 0, "same failure")));
    Recording actual =
        Recording.of(
            List.of(
                out(1, "model", 0, 0, ProcessorPart.text("a")),
                ended(3, "model", 0, "IllegalStateException: boom"),
                ended(6, "other", 0, "same failure")));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.divergences()).hasSize(1);
    RecordingDiff.Divergence d = diff.divergences().get(0);
    assertThat(d.point()).isEqualTo("model");
    assertThat(d.lane()).isEqualTo("end");
    assertThat(d.nanos()).isEqualTo(3 * MS);
    assertThat(d.explanation())
        .isEqualTo(
            "the call ended normally in the recording but failed (IllegalStateException: boom)"
                + " in this run");
    RecordingDiff reverse = RecordingDiff.between(actual, recorded);
    assertThat(reverse.divergences().get(0).explanation())
        .isEqualTo(
            "the call failed (IllegalStateException: boom) in the recording but ended normally"
                + " in this run");
  }

  @Test
  void theExplanationSaysHowTwoUnequalPartsDiffer() {
    ProcessorPart text = ProcessorPart.text("x");
    ProcessorPart json = ProcessorPart.json("{}");
    assertThat(onlyDivergence(text, json).explanation())
        .isEqualTo(
            "another kind of part: " + json.mimeType() + " where the recording has text/plain");
    assertThat(onlyDivergence(text, ProcessorPart.text("y")).explanation())
        .isEqualTo("other content");
    assertThat(
            onlyDivergence(
                    ProcessorPart.blob(new byte[] {1, 2}, "application/octet-stream"),
                    ProcessorPart.blob(new byte[] {1, 3}, "application/octet-stream"))
                .explanation())
        .isEqualTo("other bytes of the same type and size");
    assertThat(
            onlyDivergence(
                    ProcessorPart.blob(new byte[] {1, 2}, "application/octet-stream"),
                    ProcessorPart.blob(new byte[] {1, 2, 3}, "application/octet-stream"))
                .explanation())
        .isEqualTo("another blob: application/octet-stream, 3 bytes");
    assertThat(
            onlyDivergence(
                    ProcessorPart.blob(new byte[] {1, 2}, "application/octet-stream"),
                    ProcessorPart.blob(new byte[] {1, 2}, "image/png"))
                .explanation())
        .isEqualTo("another blob: image/png, 2 bytes");
    assertThat(onlyDivergence(text, text.withSubstream("notes")).explanation())
        .isEqualTo("the same content on substream 'notes'");
    assertThat(onlyDivergence(text, text.withRole("model")).explanation())
        .isEqualTo("the same content with role 'model'");
    assertThat(onlyDivergence(text, text.withMetadata("k", "v")).explanation())
        .isEqualTo("the same content with other metadata");
  }

  @Test
  void controlAndOutOfBandPartsAreComparedInTheirOwnLanes() {
    ProcessorPart control = ProcessorPart.signal(SignalKind.INTERRUPTED, true);
    Recording recorded =
        Recording.of(
            List.of(
                out(1, "p", 0, 0, ProcessorPart.status("thinking")),
                out(2, "p", 0, 1, control),
                out(3, "p", 0, 2, ProcessorPart.text("a"))));
    // The data part comes first now: still no divergence, since each lane keeps its own order.
    Recording actual =
        Recording.of(
            List.of(
                out(1, "p", 0, 0, ProcessorPart.text("a")),
                out(2, "p", 0, 1, control),
                out(3, "p", 0, 2, ProcessorPart.status("working"))));

    RecordingDiff diff = RecordingDiff.between(recorded, actual);

    assertThat(diff.divergences())
        .extracting(RecordingDiff.Divergence::lane)
        .containsExactly("oob:status");
    assertThat(diff.timingChanges())
        .extracting(RecordingDiff.TimingChange::lane)
        .containsExactly("data");
  }

  @Test
  void latencyIsTheTimeFromTheLatestInputOfTheSameCallToEachOutput() {
    Recording recording =
        Recording.of(
            List.of(
                started(100, "p", 0),
                in(130, "p", 0, 0, ProcessorPart.text("q")),
                started(135, "p", 1),
                out(170, "p", 0, 0, ProcessorPart.text("a")),
                out(140, "p", 1, 0, ProcessorPart.text("b")),
                new RecordingEntry.InputEnded(200 * MS, "p", 0),
                out(225, "p", 0, 1, ProcessorPart.text("c"))));

    assertThat(DiffComputation.latencySamples(recording, "p"))
        .containsExactly(40 * MS, 5 * MS, 25 * MS);
  }

  @Test
  void latencyPerPointGivesMedianP95AndMaxOfUnsortedSamples() {
    long[] recorded = new long[20];
    long[] now = new long[20];
    for (int c = 0; c < 20; c++) {
      recorded[c] = (7L * c) % 20 + 1; // 1..20 ms, shuffled
      now[c] = recorded[c] + 2;
    }
    RecordingDiff diff =
        RecordingDiff.between(
            Recording.of(outputsAfter("speaker", recorded)),
            Recording.of(outputsAfter("speaker", now)));

    RecordingDiff.PointLatency l = diff.latencies().get(0);
    assertThat(l.recorded())
        .isEqualTo(new RecordingDiff.LatencySummary(20, 10 * MS, 19 * MS, 20 * MS));
    assertThat(l.actual())
        .isEqualTo(new RecordingDiff.LatencySummary(20, 12 * MS, 21 * MS, 22 * MS));
    assertThat(l.medianChange()).isEqualTo(Duration.ofMillis(2));
    assertThat(l.p95Change()).isEqualTo(Duration.ofMillis(2));
    assertThat(lineOf(diff.toText(), "  speaker "))
        .contains(" 10.0/19.0/20.0 ")
        .contains(" 12.0/21.0/22.0 ")
        .endsWith(" +2.000  *");
  }

  @Test
  void theLatencyTableMarksPointsWhoseMedianOrP95MovedBeyondTheTolerance() {
    long[] base = new long[20];
    for (int c = 0; c < 20; c++) {
      base[c] = c + 1;
    }
    long[] plusOne = Arrays.stream(base).map(v -> v + 1).toArray();
    long[] slowTail = base.clone();
    slowTail[18] = 25;
    slowTail[19] = 26;
    List<RecordingEntry> recorded = new ArrayList<>();
    List<RecordingEntry> actual = new ArrayList<>();
    recorded.addAll(outputsAfter("steady", base));
    actual.addAll(outputsAfter("steady", base));
    recorded.addAll(outputsAfter("by-the-tolerance", base));
    actual.addAll(outputsAfter("by-the-tolerance", plusOne));
    recorded.addAll(outputsAfter("slow-tail", base));
    actual.addAll(outputsAfter("slow-tail", slowTail));
    recorded.addAll(outputsAfter("faster", 30));
    actual.addAll(outputsAfter("faster", 10));

    String text = RecordingDiff.between(Recording.of(recorded), Recording.of(actual)).toText();

    assertThat(text).contains("latency per point (each output after the input it followed), ms:\n");
    assertThat(lineOf(text, "  steady ")).endsWith(" +0.000");
    assertThat(lineOf(text, "  by-the-tolerance ")).endsWith(" +1.000");
    assertThat(lineOf(text, "  slow-tail ")).contains(" 10.0/25.0/26.0 ").endsWith(" +0.000  *");
    assertThat(lineOf(text, "  faster ")).contains(" 30.0/30.0/30.0 ").endsWith(" -20.000  *");
  }

  @Test
  void aRecordedPointWithoutOutputsNowShowsADashAndLongPointNamesAreShortened() {
    String exactly32 = "a-point-whose-name-has-32-chars!";
    String longer = "a-point-whose-name-is-longer-than-32-chars";
    assertThat(exactly32).hasSize(32);
    List<RecordingEntry> recorded = new ArrayList<>(outputsAfter(exactly32, 5));
    recorded.addAll(outputsAfter(longer, 5));
    Recording actual = Recording.of(outputsAfter(exactly32, 5));

    RecordingDiff diff = RecordingDiff.between(Recording.of(recorded), actual);

    RecordingDiff.PointLatency gone = diff.latencies().get(1);
    assertThat(gone.actual()).isEqualTo(new RecordingDiff.LatencySummary(0, 0, 0, 0));
    String text = diff.toText();
    assertThat(lineOf(text, "  " + exactly32 + " ")).contains(" 5.0/5.0/5.0 ");
    assertThat(lineOf(text, "  " + longer.substring(0, 29) + "... "))
        .matches(".* 5\\.0/5\\.0/5\\.0 +- +-5\\.000  \\*");
  }
}
