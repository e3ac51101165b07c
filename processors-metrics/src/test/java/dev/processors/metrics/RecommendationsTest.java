package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import dev.processors.metrics.Recommendation.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each recommendation appears just beyond its threshold and not at it. */
class RecommendationsTest {
  private static final long MS = 1_000_000;
  private static final long WINDOW = 10_000 * MS;

  static LatencySummary latency(long p50, long p95, long count) {
    return new LatencySummary("m", count, p50, p50, p50, p95, p95, p95, p95, p95, List.of());
  }

  static StageSnapshot stage(
      String name,
      StageSnapshot.Kind kind,
      long partsIn,
      double throughput,
      double inputRate,
      LatencySummary processing,
      LatencySummary firstOutput,
      LatencySummary turns,
      long errors,
      long interruptions,
      LatencySummary gaps) {
    return new StageSnapshot(
        name,
        kind,
        partsIn,
        partsIn,
        throughput,
        inputRate,
        new Timeline(1_000_000_000L, 0, List.of()),
        processing,
        firstOutput,
        turns,
        errors,
        errors == 0 ? Map.of() : Map.of("IOException", errors),
        interruptions,
        gaps,
        0,
        0,
        0,
        RecentWindow.empty(0));
  }

  static StageSnapshot quietStage(String name) {
    return stage(
        name,
        StageSnapshot.Kind.STAGE,
        100,
        10,
        10,
        latency(MS, MS, 100),
        latency(MS, MS, 100),
        LatencySummary.empty("t"),
        0,
        0,
        LatencySummary.empty("g"));
  }

  static List<Recommendation> advise(Thresholds t, StageSnapshot... stages) {
    return Advisor.advise(List.of(stages), t, WINDOW);
  }

  private final Thresholds defaults = Thresholds.defaults();

  @Test
  void quietFiguresGetNoAdvice() {
    assertThat(advise(defaults, quietStage("a"), quietStage("b"))).isEmpty();
  }

  @Test
  void highLatencyAppearsJustAboveTheLimitAndNamesTheSlowestStage() {
    StageSnapshot llm =
        stage(
            "llm",
            StageSnapshot.Kind.STAGE,
            10,
            1,
            1,
            latency(300 * MS, 400 * MS, 10),
            latency(700 * MS, 900 * MS, 10),
            LatencySummary.empty("t"),
            0,
            0,
            LatencySummary.empty("g"));
    StageSnapshot atLimit = pipelineWithTurns(1000 * MS);
    StageSnapshot above = pipelineWithTurns(1001 * MS);

    assertThat(advise(defaults, atLimit, quietStage("stt"), llm)).isEmpty();
    List<Recommendation> recs = advise(defaults, above, quietStage("stt"), llm);

    assertThat(recs)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(Kind.HIGH_LATENCY);
              assertThat(r.stage()).isEqualTo("pipeline");
              assertThat(r.observed()).isEqualTo(1001.0);
              assertThat(r.threshold()).isEqualTo(1000.0);
              assertThat(r.message())
                  .contains("Answers start 1.00 s after the user's turn at p95 (limit 1.00 s)")
                  .contains("The largest share is 'llm', 700 ms to its first output");
            });
  }

  private static StageSnapshot pipelineWithTurns(long p95) {
    return stage(
        "pipeline",
        StageSnapshot.Kind.PIPELINE,
        10,
        1,
        1,
        latency(MS, MS, 10),
        latency(MS, MS, 10),
        latency(p95 / 2, p95, 5),
        0,
        0,
        LatencySummary.empty("g"));
  }

  @Test
  void withoutAPipelineHighLatencyLooksAtEachStagesFirstOutput() {
    StageSnapshot slow =
        stage(
            "llm",
            StageSnapshot.Kind.STAGE,
            10,
            1,
            1,
            latency(MS, MS, 10),
            latency(MS, 1200 * MS, 10),
            LatencySummary.empty("t"),
            0,
            0,
            LatencySummary.empty("g"));

    assertThat(advise(defaults, slow))
        .extracting(Recommendation::kind)
        .containsExactly(Kind.HIGH_LATENCY);
    assertThat(advise(defaults.withHighLatency(Duration.ofMillis(1200)), slow)).isEmpty();
  }

  @Test
  void slowProcessingAppearsJustAboveTheLimit() {
    Thresholds t = defaults.withSlowProcessing(Duration.ofMillis(200));

    assertThat(advise(t, withProcessing(200 * MS))).isEmpty();
    assertThat(advise(t, withProcessing(200 * MS + 1)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(Kind.SLOW_PROCESSING);
              assertThat(r.message()).startsWith("'tts' spends 200 ms per part at p95");
              assertThat(r.message()).contains("concurrent(n)");
            });
  }

  private static StageSnapshot withProcessing(long p95) {
    return stage(
        "tts",
        StageSnapshot.Kind.STAGE,
        10,
        1,
        1,
        latency(p95 / 2, p95, 10),
        latency(MS, MS, 10),
        LatencySummary.empty("t"),
        0,
        0,
        LatencySummary.empty("g"));
  }

  @Test
  void lowThroughputAppearsJustBelowTheMinimumWhileInputFlows() {
    Thresholds t = defaults.withMinThroughput(5);

    assertThat(advise(t, withRates(5, 8))).isEmpty();
    assertThat(advise(t, withRates(4.99, 8)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(Kind.LOW_THROUGHPUT);
              assertThat(r.observed()).isEqualTo(4.99);
              assertThat(r.message()).contains("emits 5.0 parts/s while reading 8.0 parts/s");
            });
    assertThat(advise(t, withRates(0, 0))).as("idle, no input in the window").isEmpty();
    assertThat(advise(defaults, withRates(0.1, 8))).as("off by default").isEmpty();
  }

  private static StageSnapshot withRates(double out, double in) {
    return stage(
        "agent",
        StageSnapshot.Kind.PIPELINE,
        10,
        out,
        in,
        latency(MS, MS, 10),
        latency(MS, MS, 10),
        LatencySummary.empty("t"),
        0,
        0,
        LatencySummary.empty("g"));
  }

  @Test
  void highErrorRateAppearsJustAboveTheLimit() {
    // default limit 1%: 1 error in 100 parts is at it, 2 are beyond
    assertThat(advise(defaults, withErrors(1, 100))).isEmpty();
    assertThat(advise(defaults, withErrors(2, 100)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(Kind.HIGH_ERROR_RATE);
              assertThat(r.observed()).isEqualTo(0.02);
              assertThat(r.message())
                  .isEqualTo(
                      "'stt' failed 2 times in 100 parts (2.0%, limit 1.0%); most often"
                          + " IOException. Retry it with Processors.retry, or check the service"
                          + " it calls.");
            });
  }

  private static StageSnapshot withErrors(long errors, long partsIn) {
    return stage(
        "stt",
        StageSnapshot.Kind.STAGE,
        partsIn,
        1,
        1,
        latency(MS, MS, partsIn),
        latency(MS, MS, partsIn),
        LatencySummary.empty("t"),
        errors,
        0,
        LatencySummary.empty("g"));
  }

  @Test
  void frequentInterruptionsAppearJustAboveTheLimit() {
    Thresholds t = defaults.withMaxInterruptionsPerTurn(0.25);

    assertThat(advise(t, withInterruptions(1, 4))).isEmpty();
    assertThat(advise(t, withInterruptions(2, 4)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(Kind.FREQUENT_INTERRUPTIONS);
              assertThat(r.observed()).isEqualTo(0.5);
              assertThat(r.message()).startsWith("Users interrupted 'agent' 2 times in 4 turns");
            });
  }

  @Test
  void oneBargeInSeenByThePipelineAndItsStagesIsOneWarningWithThePipelinesTurns() {
    StageSnapshot pipeline = withInterruptions(1, 2);
    StageSnapshot model =
        stage(
            "model",
            StageSnapshot.Kind.STAGE,
            10,
            1,
            1,
            latency(MS, MS, 10),
            latency(MS, MS, 3), // three outputs after an input: not three turns
            LatencySummary.empty("t"),
            0,
            1,
            LatencySummary.empty("g"));

    assertThat(advise(defaults, pipeline, model))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.stage()).isEqualTo("agent");
              assertThat(r.message()).startsWith("Users interrupted 'agent' once in 2 turns");
            });
  }

  @Test
  void withoutAPipelineAStageIsJudgedOnItsOwn() {
    StageSnapshot model =
        stage(
            "model",
            StageSnapshot.Kind.STAGE,
            10,
            1,
            1,
            latency(MS, MS, 10),
            latency(MS, MS, 2),
            LatencySummary.empty("t"),
            0,
            1,
            LatencySummary.empty("g"));

    assertThat(advise(defaults, model))
        .singleElement()
        .satisfies(r -> assertThat(r.message()).startsWith("Users interrupted 'model' once in 2"));
  }

  private static StageSnapshot withInterruptions(long interruptions, long turns) {
    return stage(
        "agent",
        StageSnapshot.Kind.PIPELINE,
        10,
        1,
        1,
        latency(MS, MS, 10),
        latency(MS, MS, 10),
        latency(MS, MS, turns),
        0,
        interruptions,
        LatencySummary.empty("g"));
  }

  @Test
  void bufferUnderrunsAppearBeyondTheAllowedCount() {
    Thresholds t = defaults.withMaxUnderruns(1);

    assertThat(advise(t, withUnderruns(1))).isEmpty();
    assertThat(advise(t, withUnderruns(2)))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.kind()).isEqualTo(Kind.BUFFER_UNDERRUNS);
              assertThat(r.message()).startsWith("Audio from 'agent' ran dry 2 times");
            });
  }

  private static StageSnapshot withUnderruns(long count) {
    return stage(
        "agent",
        StageSnapshot.Kind.PIPELINE,
        10,
        1,
        1,
        latency(MS, MS, 10),
        latency(MS, MS, 10),
        LatencySummary.empty("t"),
        0,
        0,
        latency(40 * MS, 80 * MS, count));
  }

  @Test
  void snapshotsCarryTheAdviceOfTheirThresholdsAndCanBeReadUnderOthers() {
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics metrics =
        RealTimeMetrics.builder()
            .clock(clock)
            .thresholds(defaults.withSlowProcessing(Duration.ofMillis(100)))
            .build();
    metrics.stage("tts").recordProcessing(150 * MS);

    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(snapshot.recommendations())
        .extracting(Recommendation::kind)
        .containsExactly(Kind.SLOW_PROCESSING);
    assertThat(snapshot.recommendations(defaults)).isEmpty();
    assertThat(snapshot.thresholds().slowProcessing()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void badThresholdsAreRejectedWithTheirName() {
    assertThatThrownBy(() -> defaults.withHighLatency(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("highLatency");
    assertThatThrownBy(() -> defaults.withMaxErrorRate(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxErrorRate");
    assertThatThrownBy(() -> defaults.withMaxUnderruns(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxUnderruns");
  }

  @Test
  void snapshotTakenAtIsTheClocksInstant() {
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    clock.advance(Duration.ofSeconds(3));

    MetricsSnapshot s = metrics.snapshot();

    assertThat(s.takenAt()).isEqualTo(Instant.parse("2026-01-01T00:00:03Z"));
    assertThat(s.uptimeNanos()).isEqualTo(3_000_000_000L);
  }
}
