package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.Processors;
import dev.processors.core.RunOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code metrics.runOptions()} is the one way to attach: every stage measured, each once. */
class RunOptionsTest {
  private final RealTimeMetrics metrics = RealTimeMetrics.create(Clock.virtual());
  private final List<ProcessorPart> input =
      List.of(ProcessorPart.text("a"), ProcessorPart.text("b"));

  private static Processor relay(String name) {
    Processor relay =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    return relay.named(name);
  }

  private List<ProcessorPart> run(Processor pipeline, RunOptions options) {
    try (ProcessorRun run = pipeline.start(input, options)) {
      return run.toList();
    }
  }

  private long partsIn(String stage) {
    return metrics.snapshot().stage(stage).orElseThrow().partsIn();
  }

  @Test
  void oneLineTimesEveryStageByNameAndLeavesTheOutputAlone() {
    Processor pipeline =
        Processors.mapText(String::toUpperCase)
            .named("upper")
            .andThen(relay("relay"))
            .andThen(Processors.mapText(t -> t + "!").named("exclaim"));

    List<ProcessorPart> out = run(pipeline, metrics.runOptions());

    assertThat(out).isEqualTo(pipeline.apply(input));
    assertThat(metrics.stageNames()).containsExactlyInAnyOrder("upper", "relay", "exclaim");
    assertThat(partsIn("relay")).isEqualTo(2);
    assertThat(metrics.snapshot().stage("exclaim").orElseThrow().partsOut()).isEqualTo(2);
  }

  @Test
  void anInstrumentedPipelineIsMeasuredOnceAsAWholeAndItsStagesOneByOne() {
    Processor agent = metrics.instrument("agent", Processor.chain(relay("a"), relay("b")));

    run(Processor.chain(relay("pre"), agent), metrics.runOptions());

    assertThat(metrics.stageNames()).containsExactlyInAnyOrder("pre", "agent", "a", "b");
    assertThat(partsIn("agent")).isEqualTo(2);
    assertThat(metrics.snapshot().stage("agent").orElseThrow().kind())
        .isEqualTo(StageSnapshot.Kind.PIPELINE);
    assertThat(partsIn("a")).isEqualTo(2);
  }

  @Test
  void aWholeChainInsideAnotherWrapperIsNotMeasuredAsOneStage() {
    Processor chain = Processor.chain(relay("a"), relay("b"));
    Processor tap = // as a recorder's tap around a chain: the chain's name, the chain's work
        new Processor() {
          @Override
          public void process(PartStream in, PartSink out) throws Exception {
            chain.process(in, out);
          }

          @Override
          public String name() {
            return chain.name();
          }
        };

    run(tap, metrics.runOptions());

    assertThat(metrics.stageNames()).containsExactlyInAnyOrder("a", "b");
  }

  @Test
  @SuppressWarnings("deprecation") // wrap is deprecated; the run options must not measure it twice
  void aStageWrappedByHandIsNotMeasuredAgain() {
    Processor wrapped = metrics.wrap("relay", relay("relay"));

    run(Processor.chain(relay("pre"), wrapped), metrics.runOptions());

    assertThat(partsIn("relay")).isEqualTo(2);
  }

  @Test
  void theOptionsOwnDecoratorRunsInsideTheMeasurement() {
    StringBuilder seen = new StringBuilder();
    RunOptions mine =
        RunOptions.defaults()
            .withStageDecorator(
                (name, stage) -> {
                  seen.append(stage instanceof Measured ? "measured " : "raw ");
                  return stage;
                });

    run(Processor.chain(relay("a"), relay("b")), metrics.runOptions(mine));

    assertThat(seen.toString()).isEqualTo("raw raw ");
    assertThat(metrics.stageNames()).containsExactlyInAnyOrder("a", "b");
  }
}
