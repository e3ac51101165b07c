package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * What a reader gets when a run fails (decision 0009): the output emitted before the failure was
 * recorded, then the failure; never output emitted after it. Each rule is checked over many runs,
 * because the old behaviour lost the parts in most runs but not all.
 */
class FailureHandOverTest {

  private static final int RUNS = 200;

  /** Reads a run until it throws; returns what it read and the failure. */
  private record Outcome(List<String> texts, ProcessorException failure) {}

  private static Outcome readUntilFailure(ProcessorRun run) {
    List<String> texts = new ArrayList<>();
    try {
      for (ProcessorPart p : run) {
        texts.add(p.text().orElseThrow());
      }
    } catch (ProcessorException e) {
      return new Outcome(texts, e);
    }
    throw new AssertionError("the run ended without its failure; read " + texts);
  }

  private static Processor emitsThenFails(String... texts) {
    Processor answer =
        (in, out) -> {
          for (String t : texts) {
            out.emitText(t);
          }
          throw new IllegalStateException("cut off mid-answer");
        };
    return answer.named("answer");
  }

  @Test
  void aFailingProcessorHandsOverEveryPartItEmittedBeforeItsFailure() {
    Processor answer = emitsThenFails("The ", "answer ", "is");
    for (int i = 0; i < RUNS; i++) {
      try (ProcessorRun run = answer.start(List.of())) {
        Outcome o = readUntilFailure(run);
        assertThat(o.texts()).as("run %d", i).containsExactly("The ", "answer ", "is");
        assertThat(o.failure().stage()).isEqualTo("answer");
        assertThat(o.failure()).hasRootCauseMessage("cut off mid-answer");
      }
    }
  }

  @Test
  void theLastStageOfAChainHandsOverItsPartsBeforeItsFailure() {
    Processor echo = (in, out) -> in.forEachRemaining(out::emit);
    Processor shout =
        (in, out) -> {
          int n = 0;
          for (ProcessorPart p : in) {
            if (++n > 3) {
              throw new IllegalArgumentException("too long");
            }
            out.emitText(p.text().orElseThrow().toUpperCase());
          }
        };
    Processor shoutsThreeThenFails = shout.named("shout");
    Processor chain = echo.andThen(shoutsThreeThenFails);
    for (int i = 0; i < RUNS; i++) {
      try (ProcessorRun run = chain.start(texts("a", "b", "c", "d", "e"))) {
        Outcome o = readUntilFailure(run);
        assertThat(o.texts()).as("run %d", i).containsExactly("A", "B", "C");
        assertThat(o.failure().stage()).isEqualTo("shout");
      }
    }
  }

  @Test
  void moreOutputThanTheChannelHoldsStillComesBeforeTheFailure() {
    String[] texts = new String[50];
    for (int i = 0; i < texts.length; i++) {
      texts[i] = "t" + i;
    }
    Processor answer = emitsThenFails(texts);
    RunOptions smallChannel = RunOptions.defaults().withChannelCapacity(4);
    for (int i = 0; i < RUNS / 4; i++) {
      try (ProcessorRun run = answer.start(List.of(), smallChannel)) {
        assertThat(readUntilFailure(run).texts()).as("run %d", i).containsExactly(texts);
      }
    }
  }

  @Test
  void outputEmittedAfterTheFailureIsNeverShown() throws Exception {
    for (int i = 0; i < RUNS / 4; i++) {
      CountDownLatch earlyRead = new CountDownLatch(1);
      Processor failsFromATask =
          (in, out) -> {
            out.emitText("early");
            earlyRead.await();
            try (TaskScope tasks = TaskScope.open()) {
              tasks.fork(
                  "tool",
                  () -> {
                    throw new IllegalStateException("tool broke");
                  });
              try {
                Thread.sleep(Long.MAX_VALUE); // until the task's failure cancels this run
              } catch (InterruptedException e) {
                out.emitText("late"); // emitted after the failure: the reader must not see it
              }
            }
          };
      try (ProcessorRun run = failsFromATask.start(List.of())) {
        var parts = run.iterator();
        assertThat(parts.next().text()).contains("early");
        earlyRead.countDown();
        assertThatThrownBy(parts::hasNext)
            .isInstanceOf(ProcessorException.class)
            .hasRootCauseMessage("tool broke");
        assertThatThrownBy(parts::hasNext).isInstanceOf(ProcessorException.class);
      }
    }
  }

  @Test
  void aRunClosedAfterItsFailureHandsOverNothingMore() throws InterruptedException {
    Processor answer = emitsThenFails("a", "b", "c");
    ProcessorRun run = answer.start(List.of());
    var parts = run.iterator();
    assertThat(parts.next().text()).contains("a");
    while (!run.isDone()) {
      Thread.sleep(1); // until the failure is recorded
    }
    run.close();
    assertThatThrownBy(parts::hasNext)
        .isInstanceOf(ProcessorException.class)
        .hasRootCauseMessage("cut off mid-answer");
  }
}
