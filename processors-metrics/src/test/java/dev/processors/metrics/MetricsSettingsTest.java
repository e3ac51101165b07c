package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RunOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Settings, names and the older ways of attaching: accepted within their bounds, used as set. */
class MetricsSettingsTest {
  private final RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());

  private static Processor relay(String name) {
    Processor relay =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    return relay.named(name);
  }

  @Test
  void blankStageProbeAndPipelineNamesAreRejected() {
    assertThatThrownBy(() -> metrics.stage(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> metrics.probe(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> metrics.instrument("\t", relay("x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(metrics.stageNames()).isEmpty();
  }

  @Test
  void timelineLengthAndRecentSamplesAcceptTheirWholeRangeAndNothingElse() {
    assertThatCode(() -> RealTimeMetrics.builder().timelineLength(1).recentSamples(1).build())
        .doesNotThrowAnyException();
    assertThatCode(() -> RealTimeMetrics.builder().timelineLength(100_000).build())
        .doesNotThrowAnyException();
    assertThatCode(() -> RealTimeMetrics.builder().recentSamples(1_000_000))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> RealTimeMetrics.builder().timelineLength(0))
        .hasMessageContaining("timelineLength must be 1..100000, got 0");
    assertThatThrownBy(() -> RealTimeMetrics.builder().timelineLength(100_001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RealTimeMetrics.builder().recentSamples(0))
        .hasMessageContaining("recentSamples must be 1..1000000, got 0");
    assertThatThrownBy(() -> RealTimeMetrics.builder().recentSamples(1_000_001))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aOneSampleRecentWindowKeepsOnlyTheLatestSample() {
    RealTimeMetrics one = RealTimeMetrics.builder().clock(Clock.virtual()).recentSamples(1).build();
    one.stage("llm").recordProcessing(5_000_000);
    one.stage("llm").recordProcessing(9_000_000);

    RecentWindow recent = one.snapshot().stage("llm").orElseThrow().recent();

    assertThat(recent.size()).isEqualTo(1);
    assertThat(recent.processing().count()).isEqualTo(1);
    assertThat(recent.processing().maxNanos()).isBetween(9_000_000L, 9_100_000L);
  }

  @Test
  void theThresholdsGivenAreTheOnesUsed() {
    Thresholds strict = Thresholds.defaults().withMaxErrorRate(0.05);
    RealTimeMetrics m = RealTimeMetrics.builder().clock(Clock.virtual()).thresholds(strict).build();

    assertThat(m.thresholds()).isEqualTo(strict);
    assertThat(m.thresholds().maxErrorRate()).isEqualTo(0.05);
    assertThat(m.snapshot().thresholds()).isEqualTo(strict);
  }

  @Test
  void thresholdsRejectAZeroProcessingLimitAndNegativeFigures() {
    assertThatThrownBy(() -> Thresholds.defaults().withSlowProcessing(Duration.ZERO))
        .hasMessageContaining("slowProcessing must be positive");
    assertThatThrownBy(() -> Thresholds.defaults().withMinThroughput(-1))
        .hasMessageContaining("minThroughput must be finite and not negative");
    assertThatThrownBy(() -> Thresholds.defaults().withMaxInterruptionsPerTurn(-0.1))
        .hasMessageContaining("maxInterruptionsPerTurn must be finite and not negative");
    assertThatThrownBy(() -> Thresholds.defaults().withMaxErrorRate(Double.NaN))
        .hasMessageContaining("maxErrorRate");
  }

  @Test
  @SuppressWarnings("deprecation")
  void theOlderWaysOfAttachingStillMeasureUnderTheStagesOwnNames() {
    metrics.wrap(relay("relay")).apply("a");
    RunOptions options = RunOptions.defaults().withStageDecorator(metrics.stageDecorator());
    try (ProcessorRun run =
        relay("first").andThen(relay("second")).start(List.of(ProcessorPart.text("b")), options)) {
      assertThat(run.toList()).hasSize(1);
    }

    assertThat(metrics.stageNames()).containsExactlyInAnyOrder("relay", "first", "second");
    assertThat(metrics.snapshot().stage("relay").orElseThrow().partsOut()).isEqualTo(1);
    assertThat(metrics.snapshot().stage("second").orElseThrow().partsIn()).isEqualTo(1);
  }

  @Test
  void writeHtmlWritesTheCurrentFiguresToTheFile(@TempDir Path dir) throws Exception {
    metrics.stage("synthesizer").recordProcessing(2_000_000);
    Path file = dir.resolve("metrics.html");

    metrics.writeHtml(file);

    assertThat(Files.readString(file, StandardCharsets.UTF_8))
        .startsWith("<!DOCTYPE html>")
        .contains("synthesizer");
  }

  @Test
  @SuppressWarnings("deprecation") // wrap is deprecated; the run options must not measure it twice
  void aWrappedPartProcessorIsNotMeasuredASecondTimeByTheRunOptions() {
    PartProcessor upper = (part, out) -> out.emit(part);
    Processor pipeline = Processor.chain(relay("pre"), metrics.wrap("upper", upper));

    try (ProcessorRun run =
        pipeline.start(
            List.of(ProcessorPart.text("a"), ProcessorPart.text("b")), metrics.runOptions())) {
      assertThat(run.toList()).hasSize(2);
    }

    assertThat(metrics.snapshot().stage("upper").orElseThrow().partsIn()).isEqualTo(2);
    assertThat(metrics.stageNames()).containsExactlyInAnyOrder("pre", "upper");
  }
}
