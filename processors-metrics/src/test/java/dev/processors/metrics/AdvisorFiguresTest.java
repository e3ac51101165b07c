package dev.processors.metrics;

import static dev.processors.metrics.RecommendationsTest.advise;
import static dev.processors.metrics.RecommendationsTest.latency;
import static dev.processors.metrics.RecommendationsTest.stage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import dev.processors.core.Wakeup;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Figures recommendations carry (milliseconds against the limit), which stage they blame, when a
 * stage counts as real-time capable, and waits through {@code awaitUntil} counted as waiting.
 */
class AdvisorFiguresTest {
  private static final long MS = 1_000_000;
  private final Thresholds defaults = Thresholds.defaults();

  private static StageSnapshot slowFirstOutput(String name, StageSnapshot.Kind kind, long p95) {
    return stage(
        name,
        kind,
        10,
        1,
        1,
        latency(MS, MS, 10),
        latency(p95 / 2, p95, 10),
        LatencySummary.empty("t"),
        0,
        0,
        LatencySummary.empty("g"));
  }

  @Test
  void aStageRecommendationCarriesItsPercentileAndLimitInMilliseconds() {
    StageSnapshot llm =
        stage(
            "llm",
            StageSnapshot.Kind.STAGE,
            10,
            1,
            1,
            latency(600 * MS, 750 * MS, 10),
            latency(1000 * MS, 1500 * MS, 10),
            LatencySummary.empty("t"),
            0,
            0,
            LatencySummary.empty("g"));

    List<Recommendation> recs = advise(defaults, llm);

    assertThat(recs)
        .extracting(Recommendation::kind)
        .containsExactly(Recommendation.Kind.HIGH_LATENCY, Recommendation.Kind.SLOW_PROCESSING);
    assertThat(recs.get(0).observed()).isEqualTo(1500.0);
    assertThat(recs.get(0).threshold()).isEqualTo(1000.0);
    assertThat(recs.get(1).observed()).isEqualTo(750.0);
    assertThat(recs.get(1).threshold()).isEqualTo(500.0);
  }

  @Test
  void aPipelineThatAnsweredNoTurnYetLeavesTheStagesLatencyAdviceInPlace() {
    StageSnapshot idlePipeline =
        stage(
            "pipeline",
            StageSnapshot.Kind.PIPELINE,
            1,
            1,
            1,
            latency(MS, MS, 1),
            latency(MS, MS, 1),
            LatencySummary.empty("t"),
            0,
            0,
            LatencySummary.empty("g"));
    StageSnapshot llm = slowFirstOutput("llm", StageSnapshot.Kind.STAGE, 2000 * MS);

    assertThat(advise(defaults, idlePipeline, llm))
        .extracting(Recommendation::stage)
        .containsExactly("llm");
  }

  @Test
  void slowTurnsBlameTheStageSlowestToItsFirstOutputNeverThePipelineOrAnIdleStage() {
    StageSnapshot pipeline =
        stage(
            "pipeline",
            StageSnapshot.Kind.PIPELINE,
            10,
            1,
            1,
            latency(MS, MS, 10),
            latency(1800 * MS, 1900 * MS, 10), // the pipeline's own first output: slowest of all
            latency(1500 * MS, 2000 * MS, 5),
            0,
            0,
            LatencySummary.empty("g"));
    StageSnapshot idle =
        stage(
            "idle",
            StageSnapshot.Kind.STAGE,
            0,
            0,
            0,
            LatencySummary.empty("p"),
            LatencySummary.empty("f"),
            LatencySummary.empty("t"),
            0,
            0,
            LatencySummary.empty("g"));
    StageSnapshot llm = slowFirstOutput("llm", StageSnapshot.Kind.STAGE, 800 * MS);

    List<Recommendation> recs = advise(defaults, pipeline, idle, llm);

    assertThat(recs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stage()).isEqualTo("pipeline");
              assertThat(r.message()).contains("The largest share is 'llm'");
            });
  }

  private static StageSnapshot figures(long count, long meanNanos, double throughput) {
    LatencySummary first =
        new LatencySummary(
            "f", count, meanNanos, meanNanos, meanNanos, meanNanos, meanNanos, meanNanos, meanNanos,
            meanNanos, List.of());
    return new StageSnapshot(
        "s",
        StageSnapshot.Kind.STAGE,
        count,
        count,
        throughput,
        throughput,
        new Timeline(1_000_000_000L, 0, List.of()),
        LatencySummary.empty("p"),
        first,
        LatencySummary.empty("t"),
        0,
        Map.of(),
        0,
        LatencySummary.empty("g"),
        0,
        0,
        0,
        RecentWindow.empty(0));
  }

  @Test
  void realTimeCapableMeansMeanLatencyUnder100MsAndMoreThanTenPartsASecond() {
    assertThat(figures(10, 99 * MS, 11).isRealTimeCapable()).isTrue();
    assertThat(figures(10, 100 * MS, 11).isRealTimeCapable()).as("mean at 100 ms").isFalse();
    assertThat(figures(10, 99 * MS, 10).isRealTimeCapable()).as("exactly 10 parts/s").isFalse();
    assertThat(figures(0, 0, 50).isRealTimeCapable()).as("no latency measured yet").isFalse();
  }

  @Test
  void timeAStageSpendsInAwaitUntilOnTheMetricsClockIsWaitingNotProcessing() throws Exception {
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    Clock pacing = metrics.clock();
    dev.processors.core.PartProcessor debounce =
        (part, out) -> {
          boolean woken = pacing.awaitUntil(pacing.nanoTime() + 40 * MS, Wakeup.create());
          assertThat(woken).as("nobody signals: the deadline passes").isFalse();
          clock.advance(Duration.ofMillis(1));
          out.emit(part);
        };

    try (ProcessorRun run =
        metrics.wrap("debounce", debounce).start(List.of(ProcessorPart.text("x")))) {
      clock.advanceToNextDeadline();
      assertThat(run.toList()).hasSize(1);
    }

    StageSnapshot s = metrics.snapshot().stage("debounce").orElseThrow();
    assertThat(s.processing().maxNanos() / 1e6).isBetween(0.99, 1.02);
    assertThat(s.firstOutput().maxNanos() / 1e6).isBetween(40.9, 41.5);
  }

  @Test
  void awaitUntilOnTheMetricsClockReportsWhatTheClockReports() throws Exception {
    VirtualClock clock = Clock.virtual();
    Clock pacing = RealTimeMetrics.create(clock).clock();
    Wakeup signalled = Wakeup.create();
    signalled.signal();

    assertThat(pacing.awaitUntil(Long.MAX_VALUE, signalled)).isTrue();
    assertThat(pacing.awaitUntil(clock.nanoTime(), Wakeup.create())).isFalse();
    assertThat(pacing.toString()).isEqualTo(clock.toString());
  }
}
