package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class OperatorStageTest {
  private final OperatorCompiler compiler = OperatorCompiler.builder().build();

  private static ProcessorPart tick(int seq) {
    return ProcessorPart.jsonOf(
        java.util.Map.of("symbol", "XYZ", "seq", seq, "price", 100.0 + seq % 7, "volume", 10.0));
  }

  /** A map that tags each value with the operator's generation. */
  private Operator tagging(int generation) {
    return compiler.compile(
        Specs.expression("map", "value.seq * 1000 + " + generation, "[]")
            .replace("\"test_map\"", "\"tag_" + generation + "\""));
  }

  @Test
  void aHotSwapUnderAFastStreamKeepsEveryValueExactlyOnceAndInOrder() {
    Operator[] operators = new Operator[7];
    for (int g = 0; g < operators.length; g++) {
      operators[g] = tagging(g);
    }
    for (int repetition = 0; repetition < 25; repetition++) {
      OperatorStage stage = OperatorStage.create(Duration.ofSeconds(1), Clock.system());
      stage.install(operators[0]);
      PartQueue input = PartQueue.create(32);
      int values = 3_000;
      int[] installedBefore = new int[values];
      int generation = 0;
      List<ProcessorPart> out;
      try (ProcessorRun run = stage.start(input)) {
        CompletableFuture<List<ProcessorPart>> collected =
            CompletableFuture.supplyAsync(run::toList);
        for (int i = 0; i < values; i++) {
          if (i % 500 == 250) {
            stage.install(operators[++generation]);
          }
          installedBefore[i] = generation;
          input.put(tick(i));
        }
        input.close();
        out = collected.join();
      }
      List<ProcessorPart> results =
          out.stream().filter(p -> !p.substream().equals(ProcessorPart.STATUS)).toList();
      assertThat(results).hasSize(values);
      int last = 0;
      for (int i = 0; i < values; i++) {
        long result = ((Content.Json) results.get(i).content()).node().get("result").asLong();
        assertThat(result / 1000).as("value %d in order, exactly once", i).isEqualTo(i);
        int by = (int) (result % 1000);
        assertThat(by).isGreaterThanOrEqualTo(last).isGreaterThanOrEqualTo(installedBefore[i]);
        last = by;
      }
      assertThat(stage.current()).contains(operators[generation]);
    }
  }

  @Test
  void aFailingValueBecomesAnErrorPartAndTheStreamGoesOn() {
    OperatorCompiler fewSamples =
        OperatorCompiler.builder().samples(List.of(tick(0), tick(1), tick(2))).build();
    OperatorStage stage = OperatorStage.create();
    stage.install(fewSamples.compile(Specs.expression("map", "100 / (value.seq - 3)", "[]")));
    List<ProcessorPart> out = stage.apply(List.of(tick(2), tick(3), tick(4)));
    List<ProcessorPart> errors =
        out.stream().filter(p -> p.substream().equals(ProcessorPart.STATUS)).toList();
    List<ProcessorPart> results =
        out.stream().filter(p -> !p.substream().equals(ProcessorPart.STATUS)).toList();
    assertThat(errors).hasSize(1);
    assertThat(errors.get(0).metadata())
        .containsEntry("error", true)
        .containsEntry("stage", "operators");
    assertThat(errors.get(0).text().orElseThrow()).contains("by zero");
    assertThat(results)
        .extracting(p -> ((Content.Json) p.content()).node().get("result").asInt())
        .containsExactly(-100, 100);
  }

  @Test
  void partsThatAreNotValuesPassThroughAndRemovalLetsValuesPass() {
    OperatorStage stage = OperatorStage.create();
    stage.install(compiler.compile(Specs.AVERAGE_BUILTIN));
    ProcessorPart text = ProcessorPart.text("market opens");
    List<ProcessorPart> out = stage.apply(List.of(text, tick(0)));
    assertThat(out.get(0)).isEqualTo(text);
    assertThat(out.get(1).metadata()).containsEntry(Operator.OPERATOR, "average_price");
    stage.remove();
    assertThat(stage.current()).isEmpty();
    assertThat(stage.apply(List.of(tick(1)))).containsExactly(tick(1));
  }
}
