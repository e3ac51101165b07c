package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.Processors;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunOptionsTest {

  @Test
  void oneLineTimesEveryStageByNameAndLeavesTheOutputAlone() {
    RealTimeMetrics metrics = RealTimeMetrics.create();
    Processor relay =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    Processor pipeline =
        Processors.mapText(String::toUpperCase)
            .named("upper")
            .andThen(relay.named("relay"))
            .andThen(Processors.mapText(t -> t + "!").named("exclaim"));
    List<ProcessorPart> input = List.of(ProcessorPart.text("a"), ProcessorPart.text("b"));
    List<ProcessorPart> out;
    try (ProcessorRun run = pipeline.start(input, metrics.runOptions())) {
      out = run.toList();
    }
    assertThat(out).isEqualTo(pipeline.apply(input));
    assertThat(metrics.stageNames()).contains("upper", "relay", "exclaim");
    assertThat(metrics.snapshot().stage("relay").orElseThrow().partsIn()).isEqualTo(2);
    assertThat(metrics.snapshot().stage("exclaim").orElseThrow().partsOut()).isEqualTo(2);
  }
}
