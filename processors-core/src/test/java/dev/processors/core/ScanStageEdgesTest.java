package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The edges of a {@link ScanStage}: what it reports, its limit to the nanosecond, its threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScanStageEdgesTest {
  private static Scan<Long> counting(String name) {
    return Scan.of(
        name, 0L, (n, part) -> n + 1, (n, part) -> Optional.of(ProcessorPart.text(name + n)));
  }

  private static List<ProcessorPart> run(ScanStage stage, List<ProcessorPart> input)
      throws Exception {
    List<ProcessorPart> out = new ArrayList<>();
    stage.process(PartStream.of(input), out::add);
    return out;
  }

  @Test
  void eachInstallIsAnnouncedWithTheNextGenerationAndIsTheCurrentOperator() throws Exception {
    ScanStage stage = ScanStage.builder().build();
    Scan<Long> first = counting("first");
    Scan<Long> second = counting("second");
    PartQueue input = PartQueue.create();
    // Installed before the run starts: the run starts with it and announces nothing (a run
    // announces the operators it swaps to; installing after start would race the run's start).
    stage.install(first);
    assertThat(stage.current()).containsSame(first);
    try (ProcessorRun run = stage.start(input)) {
      input.putText("x");
      List<String> seen = new ArrayList<>();
      Iterator<ProcessorPart> it = run.iterator();
      List<ProcessorPart> announced = new ArrayList<>();
      while (!seen.contains("first1")) {
        ProcessorPart p = it.next();
        if (p.metadata().containsKey(ScanStage.GENERATION)) {
          announced.add(p);
        }
        seen.add(p.text().orElseThrow());
      }
      stage.install(second);
      assertThat(stage.current()).containsSame(second);
      input.putText("y");
      input.close();
      for (ProcessorPart p : run.toList()) {
        if (p.metadata().containsKey(ScanStage.GENERATION)) {
          announced.add(p);
        }
      }
      assertThat(announced)
          .extracting(p -> p.metadata().get(ScanStage.GENERATION))
          .containsExactly(2L);
      assertThat(announced.get(0).metadata()).containsEntry(ScanStage.OPERATOR, "second");
    }
  }

  @Test
  void installAndRemoveMayComeFromAnyThreadOneAfterAnother() throws Exception {
    ScanStage stage = ScanStage.builder().build();
    stage.install(counting("a"));
    stage.remove();
    Thread other =
        Thread.ofVirtual()
            .start(
                () -> {
                  stage.install(counting("b"));
                  stage.remove();
                  stage.install(counting("c"));
                });
    other.join();
    stage.install(counting("d"));
    assertThat(stage.current().orElseThrow().name()).isEqualTo("d");
  }

  @Test
  void aValueThatTakesExactlyThePerValueLimitIsWithinIt() throws Exception {
    VirtualClock clock = Clock.virtual();
    Scan<Long> takesFiveMillis =
        Scan.of(
            "exact",
            0L,
            (n, part) -> {
              clock.advance(Duration.ofMillis(5));
              return n + 1;
            },
            (n, part) -> Optional.of(ProcessorPart.text("n" + n)));
    ScanStage stage =
        ScanStage.builder()
            .operator(takesFiveMillis)
            .perValueLimit(Duration.ofMillis(5))
            .clock(clock)
            .build();
    List<ProcessorPart> out = run(stage, texts("a", "b"));
    assertThat(out).extracting(p -> p.text().orElseThrow()).containsExactly("n1", "n2");
  }

  @Test
  void aSummaryThatReturnsNullIsReportedAsSuch() throws Exception {
    Scan<Long> nullSummary = Scan.of("bad", 0L, (n, part) -> n + 1, (n, part) -> null);
    ScanStage stage = ScanStage.builder().operator(nullSummary).build();
    List<ProcessorPart> out = run(stage, texts("a"));
    assertThat(out.get(0).text().orElseThrow())
        .contains("summary returned null")
        .doesNotContain("update returned null");
  }

  @Test
  void anOperatorInterruptedMidValueCancelsTheStageAndKeepsTheInterrupt() throws Exception {
    Scan<Long> interrupted =
        Scan.of(
            "waits",
            0L,
            (n, part) -> {
              throw new InterruptedException("stop");
            },
            (n, part) -> Optional.empty());
    ScanStage stage = ScanStage.builder().operator(interrupted).build();
    try {
      assertThatThrownBy(() -> run(stage, texts("a"))).isInstanceOf(CancellationException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
