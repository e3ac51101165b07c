package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Chart buckets, probes, timelines, titles and old reports: what a report shows. */
class ReportFiguresTest {
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);

  private LatencySummary processing(long... nanos) {
    StageMetrics s = metrics.stage("s");
    for (long n : nanos) {
      s.recordProcessing(n);
    }
    return metrics.snapshot().stage("s").orElseThrow().processing();
  }

  @Test
  void chartBucketsStartAtOneMicrosecondAndIncludeTheirUpperBound() {
    LatencySummary s = processing(1_000, 1_200, 1_300);

    assertThat(s.buckets())
        .containsExactly(
            new LatencySummary.Bucket(1_000, 1),
            new LatencySummary.Bucket(1_200, 1),
            new LatencySummary.Bucket(1_500, 1));
    assertThat(LatencySummary.bucketBound(9)).isEqualTo(8_000);
    assertThat(LatencySummary.bucketBound(10)).isEqualTo(10_000);
    assertThat(LatencySummary.bucketBound(23)).isEqualTo(200_000);
  }

  @Test
  void durationsBeyondTheLastChartBucketFallIntoAnOpenEndedOne() {
    long tenDays = Duration.ofDays(10).toNanos();

    List<LatencySummary.Bucket> buckets = processing(tenDays).buckets();

    assertThat(buckets).hasSize(1);
    assertThat(buckets.get(0)).isEqualTo(new LatencySummary.Bucket(Long.MAX_VALUE, 1));
  }

  @Test
  void percentilesReadAsDurations() {
    LatencySummary s = processing(10_000_000, 10_000_000, 10_000_000, 500_000_000);

    assertThat(s.p50()).isEqualTo(Duration.ofNanos(s.p50Nanos()));
    assertThat(s.p95()).isEqualTo(Duration.ofNanos(s.p95Nanos()));
    assertThat(s.p99()).isEqualTo(Duration.ofNanos(s.p99Nanos()));
    assertThat(s.p50().toMillis()).isEqualTo(10);
    assertThat(s.p99().toMillis()).isBetween(500L, 505L);
  }

  @Test
  void aPartPassingTwoProbesAtTheSameInstantRecordsAZeroLatency() {
    PartProcessor in = metrics.probe("asr in");
    PartProcessor out = metrics.probe("asr out");

    in.andThen(out).apply("hello");

    LatencySummary latency = metrics.snapshot().probes().get("asr out");
    assertThat(latency.count()).isEqualTo(1);
    assertThat(latency.maxNanos()).isZero();
    assertThat(in.name()).isEqualTo("probe asr in");
  }

  @Test
  void aPartNoProbeSawIsNeverTakenForOneThatPassedWhateverItsIdentityHash() {
    IdentityTrace trace = new IdentityTrace(12);
    // the slot tags are the high hash bits plus one, so that an empty slot matches no part
    Object part = new Object();
    while (System.identityHashCode(part) >>> 12 != 1) {
      part = new Object();
    }

    assertThat(trace.mark(part, 5_000)).isEqualTo(-1);
    assertThat(trace.mark(part, 7_000)).isEqualTo(2_000);
  }

  @Test
  void aTimelineNeedsAPositiveBucketWidth() {
    assertThatThrownBy(() -> new Timeline(0, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bucketNanos must be positive, got 0");
  }

  @Test
  void thePageTitleNamesWhenTheReportWasTaken() {
    clock.advance(Duration.ofSeconds(3));
    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(HtmlReport.render(snapshot))
        .contains("<title>Latency report " + snapshot.takenAt() + "</title>");
  }

  @Test
  void aReportWrittenBeforeTheRecentWindowExistedReadsWithAnEmptyOne() throws Exception {
    metrics.stage("llm").recordProcessing(4_000_000);
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = (ObjectNode) json.readTree(metrics.snapshot().toJson());
    ObjectNode stage = (ObjectNode) report.get("stages").get(0);
    stage.remove("recent");

    StageSnapshot old =
        MetricsSnapshot.fromJson(json.writeValueAsString(report)).stage("llm").orElseThrow();

    assertThat(old.recent()).isEqualTo(RecentWindow.empty(0));
    assertThat(old.processing().count()).isEqualTo(1);
  }

  @Test
  void aRecentWindowOfTheLargestSizeReadsBack() throws Exception {
    metrics.stage("llm").recordProcessing(4_000_000);
    ObjectMapper json = new ObjectMapper();
    ObjectNode report = (ObjectNode) json.readTree(metrics.snapshot().toJson());
    ObjectNode recent = (ObjectNode) report.get("stages").get(0).get("recent");
    recent.put("samples", (long) Integer.MAX_VALUE);

    StageSnapshot read =
        MetricsSnapshot.fromJson(json.writeValueAsString(report)).stage("llm").orElseThrow();
    assertThat(read.recent().size()).isEqualTo(Integer.MAX_VALUE);

    recent.put("samples", Integer.MAX_VALUE + 1L);
    assertThatThrownBy(() -> MetricsSnapshot.fromJson(json.writeValueAsString(report)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recent.samples' too large");
  }

  @Test
  void aRecommendationReadsAsOneLineForLogs() {
    Recommendation r =
        new Recommendation(
            Recommendation.Kind.HIGH_ERROR_RATE, "llm", "'llm' fails too often.", 0.2, 0.01);

    assertThat(r.toString()).isEqualTo("HIGH_ERROR_RATE [llm]: 'llm' fails too often.");
  }

  @Test
  void aSnapshotCanBeJudgedAgainstOtherThresholds() {
    StageMetrics llm = metrics.stage("llm");
    for (int i = 0; i < 10; i++) {
      llm.recordProcessing(300_000_000); // 300 ms: fine by default (500 ms)
    }
    MetricsSnapshot snapshot = metrics.snapshot();

    assertThat(snapshot.recommendations()).isEmpty();
    List<Recommendation> strict =
        snapshot.recommendations(Thresholds.defaults().withSlowProcessing(Duration.ofMillis(100)));
    assertThat(strict)
        .extracting(Recommendation::kind)
        .containsExactly(Recommendation.Kind.SLOW_PROCESSING);
  }
}
