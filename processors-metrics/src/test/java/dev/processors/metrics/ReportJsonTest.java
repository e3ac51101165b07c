package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The JSON report reads back into an equal snapshot, and says clearly what is wrong with bad input.
 */
class ReportJsonTest {

  /** A snapshot with something in every field. */
  static MetricsSnapshot busySnapshot() {
    VirtualClock clock = Clock.virtual();
    RealTimeMetrics metrics =
        RealTimeMetrics.builder()
            .clock(clock)
            .thresholds(Thresholds.defaults().withSlowProcessing(Duration.ofMillis(30)))
            .build();
    PartProcessor stt =
        (part, out) -> {
          if (part.isSignal(SignalKind.END_OF_TURN)) {
            clock.advance(Duration.ofMillis(120));
            out.emitText("what time is it?");
          }
        };
    PartProcessor llm =
        (part, out) -> {
          clock.advance(Duration.ofMillis(450));
          out.emitText("It is noon.");
        };
    PartProcessor tts =
        (part, out) -> {
          for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(i == 3 ? 90 : 35));
            out.emit(ProcessorPart.audio(new byte[1280], 16000)); // 40 ms each
          }
          out.emit(ProcessorPart.endOfTurn());
        };
    Processor agent =
        metrics.instrument(
            metrics
                .probe("mic")
                .andThen(metrics.wrap("stt", stt))
                .andThen(metrics.wrap("llm", llm))
                .andThen(metrics.wrap("tts", tts))
                .andThen(metrics.probe("speaker")));
    for (int turn = 0; turn < 3; turn++) {
      ProcessorPart eot = ProcessorPart.endOfTurn();
      agent.apply(List.of(ProcessorPart.audio(new byte[320], 16000), eot));
      clock.advance(Duration.ofSeconds(2));
    }
    metrics.stage("llm").recordTokens(120, 14);
    metrics.stage("stt").recordError(new java.io.IOException("socket closed"));
    metrics.stage("pipeline").recordInterruption();
    return metrics.snapshot();
  }

  @Test
  void reportReadsBackIntoAnEqualSnapshot() {
    MetricsSnapshot original = busySnapshot();

    MetricsSnapshot read = MetricsSnapshot.fromJson(original.toJson());

    assertThat(read).isEqualTo(original);
    assertThat(read.toJson()).isEqualTo(original.toJson());
  }

  @Test
  void busySnapshotReallyHasSomethingInEveryPart() {
    MetricsSnapshot s = busySnapshot();
    StageSnapshot pipeline = s.stage("pipeline").orElseThrow();

    assertThat(pipeline.turns()).isEqualTo(3);
    assertThat(pipeline.underruns()).isEqualTo(3);
    assertThat(pipeline.audioNanos()).isEqualTo(3 * 5 * 40_000_000L);
    assertThat(pipeline.interruptions()).isEqualTo(1);
    assertThat(s.stage("llm").orElseThrow().outputTokens()).isEqualTo(14);
    assertThat(s.stage("stt").orElseThrow().errorTypes()).containsEntry("IOException", 1L);
    assertThat(s.probes()).containsOnlyKeys("mic", "speaker");
    assertThat(s.probes().get("speaker").count()).isEqualTo(0);
    assertThat(s.recommendations()).isNotEmpty();
    assertThat(s.stage("tts").orElseThrow().timeline().counts())
        .containsExactly(6L, 0L, 0L, 6L, 0L, 0L, 6L, 0L, 0L);
  }

  @Test
  void reportUsesReadableNamesAndMilliseconds() throws Exception {
    JsonNode root = new ObjectMapper().readTree(busySnapshot().toJson());

    assertThat(root.get("format").asText()).isEqualTo("processors-metrics/1");
    assertThat(root.get("taken_at").asText()).isEqualTo("2026-01-01T00:00:08.400Z");
    JsonNode llm = root.get("stages").get(1);
    assertThat(llm.get("name").asText()).isEqualTo("llm");
    assertThat(llm.get("first_output").get("metric").asText())
        .isEqualTo("gen_ai.client.operation.time_to_first_chunk");
    assertThat(llm.get("first_output").get("p50_ms").asDouble()).isBetween(445.0, 455.0);
    assertThat(llm.get("tokens").get("input").asLong()).isEqualTo(120);
    assertThat(root.get("recommendations").get(0).get("kind").asText()).isNotBlank();
  }

  @Test
  void badReportsAreRejectedNamingTheProblem() {
    String good = busySnapshot().toJson();

    assertThatThrownBy(() -> MetricsSnapshot.fromJson("{"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("metrics report is not JSON");
    assertThatThrownBy(() -> MetricsSnapshot.fromJson("[]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metrics report must be a JSON object");
    assertThatThrownBy(
            () -> MetricsSnapshot.fromJson(good.replace("processors-metrics/1", "other/9")))
        .hasMessageContaining("format is 'other/9'");
    assertThatThrownBy(() -> MetricsSnapshot.fromJson(good.replace("\"parts_in\"", "\"x\"")))
        .hasMessage("metrics report lacks 'parts_in'");
    assertThatThrownBy(
            () ->
                MetricsSnapshot.fromJson(
                    good.replace("\"kind\" : \"stage\"", "\"kind\" : \"robot\"")))
        .hasMessage("unknown stage kind 'robot'");
  }
}
