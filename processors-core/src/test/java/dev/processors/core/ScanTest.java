package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ScanTest {
  record Mean(double sum, long count) {
    double mean() {
      return sum / count;
    }
  }

  private static double price(ProcessorPart part) {
    return Double.parseDouble(part.text().orElseThrow());
  }

  private static final Scan<Mean> MEAN =
      Scan.of(
          "mean",
          new Mean(0, 0),
          (acc, part) -> new Mean(acc.sum() + price(part), acc.count() + 1),
          (acc, part) -> Optional.of(ProcessorPart.text("mean " + acc.mean())));

  private static List<ProcessorPart> texts(String... texts) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (String t : texts) {
      parts.add(ProcessorPart.text(t));
    }
    return parts;
  }

  /** The tagged operator of the swap test: counts the values it saw and tags each one. */
  private static Scan<Long> tagging(String name) {
    return Scan.of(
        name,
        0L,
        (n, part) -> n + 1,
        (n, part) -> Optional.of(part.withMetadata("by", name).withMetadata("nth", n)));
  }

  @Test
  void runningAverageEmitsOneSummaryPerValue() {
    List<ProcessorPart> out = Processors.scan(MEAN).apply(texts("1", "2", "6"));
    assertThat(out)
        .extracting(p -> p.text().orElseThrow())
        .containsExactly("mean 1.0", "mean 1.5", "mean 3.0");
  }

  @Test
  void eachRunStartsFromTheInitialState() {
    ScanStage stage = Processors.scan(MEAN);
    assertThat(stage.apply(texts("4")))
        .extracting(p -> p.text().orElseThrow())
        .containsExactly("mean 4.0");
    assertThat(stage.apply(texts("10")))
        .extracting(p -> p.text().orElseThrow())
        .containsExactly("mean 10.0");
  }

  @Test
  void aFailingValueBecomesAnErrorPartAndTheStreamGoesOnWithTheOldState() {
    List<ProcessorPart> out = Processors.scan(MEAN).apply(texts("2", "oops", "4"));
    // the error part travels the out-of-band lane: its place among the data is not fixed
    List<ProcessorPart> errors =
        out.stream().filter(p -> p.substream().equals(ProcessorPart.STATUS)).toList();
    List<ProcessorPart> data =
        out.stream().filter(p -> !p.substream().equals(ProcessorPart.STATUS)).toList();
    assertThat(errors).hasSize(1);
    ProcessorPart error = errors.get(0);
    assertThat(error.metadata())
        .containsEntry("error", true)
        .containsEntry(ScanStage.OPERATOR, "mean");
    assertThat(error.text().orElseThrow()).contains("NumberFormatException").contains("oops");
    // (2 + 4) / 2: the bad value left no trace in the state
    assertThat(data)
        .extracting(p -> p.text().orElseThrow())
        .containsExactly("mean 2.0", "mean 3.0");
  }

  @Test
  void partsTheScanDoesNotMatchPassThroughUntouched() {
    Scan<Mean> textsOnly =
        new Scan<>() {
          @Override
          public Mean initial() {
            return MEAN.initial();
          }

          @Override
          public Mean update(Mean state, ProcessorPart part) throws Exception {
            return MEAN.update(state, part);
          }

          @Override
          public Optional<ProcessorPart> summary(Mean state, ProcessorPart part) throws Exception {
            return MEAN.summary(state, part);
          }

          @Override
          public boolean matches(ProcessorPart part) {
            return part.isText();
          }
        };
    ProcessorPart json = ProcessorPart.json("{\"a\":1}");
    List<ProcessorPart> out =
        Processors.scan(textsOnly).apply(List.of(ProcessorPart.text("3"), json));
    assertThat(out).containsExactly(ProcessorPart.text("mean 3.0"), json);
  }

  @Test
  void withNoOperatorValuesPassThroughAndRemovalIsMarked() {
    ScanStage stage = ScanStage.builder().build();
    assertThat(stage.current()).isEmpty();
    assertThat(stage.apply(texts("1", "2"))).containsExactlyElementsOf(texts("1", "2"));
    stage.install(MEAN);
    PartQueue input = PartQueue.create();
    try (ProcessorRun run = stage.start(input)) {
      input.putText("5");
      assertThat(run.iterator().next().text()).contains("mean 5.0");
      stage.remove();
      input.putText("7");
      input.close();
      List<ProcessorPart> rest = run.toList();
      assertThat(rest).hasSize(2);
      assertThat(rest.get(0).text().orElseThrow()).contains("operator removed");
      assertThat(rest.get(1)).isEqualTo(ProcessorPart.text("7"));
    }
  }

  @Test
  void aValueOverThePerValueLimitBecomesAnErrorPartAndItsStateChangeIsDiscarded() throws Exception {
    VirtualClock clock = Clock.virtual();
    Scan<Mean> slowOnSeven =
        Scan.of(
            "slow",
            new Mean(0, 0),
            (acc, part) -> {
              if (price(part) == 7) {
                clock.sleep(Duration.ofMillis(10));
              }
              return new Mean(acc.sum() + price(part), acc.count() + 1);
            },
            (acc, part) -> Optional.of(ProcessorPart.text("mean " + acc.mean())));
    ScanStage stage =
        ScanStage.builder()
            .operator(slowOnSeven)
            .perValueLimit(Duration.ofMillis(5))
            .clock(clock)
            .build();
    try (ProcessorRun run = stage.start(texts("1", "7", "3"))) {
      CompletableFuture<List<ProcessorPart>> out = CompletableFuture.supplyAsync(run::toList);
      clock.awaitSleepers(1);
      clock.advance(Duration.ofMillis(10));
      List<ProcessorPart> parts = out.get();
      // the error part travels the out-of-band lane: its place among the data is not fixed
      List<ProcessorPart> errors =
          parts.stream().filter(p -> p.substream().equals(ProcessorPart.STATUS)).toList();
      List<ProcessorPart> data =
          parts.stream().filter(p -> !p.substream().equals(ProcessorPart.STATUS)).toList();
      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).metadata()).containsEntry("error", true);
      assertThat(errors.get(0).text().orElseThrow())
          .contains("over the per-value limit of PT0.005S");
      assertThat(data)
          .extracting(p -> p.text().orElseThrow())
          .containsExactly("mean 1.0", "mean 2.0");
    }
  }

  @Test
  void aSwapUnderAFastStreamKeepsEveryValueOnceInOrderAndTakesEffectBetweenValues() {
    // Every value is handled wholly by one operator, at the latest by the first one installed
    // before the value was put; no value is lost, duplicated or reordered.
    for (int repetition = 0; repetition < 30; repetition++) {
      int values = 2_000;
      ScanStage stage = ScanStage.builder().operator(tagging("op1")).build();
      PartQueue input = PartQueue.create(64);
      int[] minimumGeneration = new int[values];
      int generation = 1;
      List<ProcessorPart> out;
      try (ProcessorRun run = stage.start(input)) {
        CompletableFuture<List<ProcessorPart>> collected =
            CompletableFuture.supplyAsync(run::toList);
        for (int i = 0; i < values; i++) {
          if (i % 97 == 50) {
            stage.install(tagging("op" + ++generation));
          }
          minimumGeneration[i] = generation;
          input.put(ProcessorPart.text(Integer.toString(i)).withMetadata("seq", i));
        }
        input.close();
        out = collected.join();
      }
      int expected = 0;
      int lastGeneration = 1;
      long nth = 0;
      for (ProcessorPart part : out) {
        if (part.substream().equals(ProcessorPart.STATUS)) {
          continue; // markers travel the out-of-band lane and may overtake data
        }
        assertThat(part.metadataLong("seq")).contains((long) expected);
        int by = Integer.parseInt(part.metadataString("by").orElseThrow().substring(2));
        assertThat(by)
            .as("value %d: operators only move forward", expected)
            .isGreaterThanOrEqualTo(lastGeneration);
        assertThat(by)
            .as("value %d put after op%d was installed", expected, by)
            .isGreaterThanOrEqualTo(minimumGeneration[expected]);
        nth = by == lastGeneration ? nth + 1 : 1; // a new operator starts from its initial state
        assertThat(part.metadataLong("nth")).contains(nth);
        lastGeneration = by;
        expected++;
      }
      assertThat(out.stream().filter(p -> p.substream().equals(ProcessorPart.STATUS)))
          .allSatisfy(p -> assertThat(p.metadata()).containsKey(ScanStage.GENERATION));
      assertThat(expected).isEqualTo(values);
    }
  }
}
