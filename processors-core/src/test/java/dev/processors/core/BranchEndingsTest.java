package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How members of combinators end: a member that stops reading early, a reader that leaves, a
 * failing part, a run closed mid-way; and how stage decorators compose.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BranchEndingsTest {
  private static final Processor ECHO = (in, out) -> in.forEach(out::emit);
  private static final Processor FIRST_ONLY = (in, out) -> out.emit(in.next());

  private static List<ProcessorPart> numbered(int n) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(ProcessorPart.text(Integer.toString(i)));
    }
    return parts;
  }

  @Test
  void aMemberThatStopsReadingEarlyNeitherBlocksNorStarvesTheOthers() {
    // 2,000 parts fill any channel many times over: the early leaver's input must be let go.
    List<ProcessorPart> input = numbered(2_000);
    List<ProcessorPart> merged = Processor.merge(FIRST_ONLY, ECHO).apply(input);
    assertThat(merged).hasSize(2_001).containsAll(input);
    assertThat(Processor.parallelConcat(FIRST_ONLY, ECHO).apply(input)).hasSize(2_001);
  }

  @Test
  void aParallelConcatWhoseReaderStopsReadingEndsTheRunQuietly() {
    Processor stage = Processor.chain(Processor.parallelConcat(ECHO, ECHO), FIRST_ONLY);
    assertThat(textsOf(stage.apply(texts("x", "y", "z")))).containsExactly("x");
  }

  @Test
  void aLaterBranchWhoseTurnHasComeMayEmitFarMoreThanItsBufferLimit() {
    CountDownLatch firstOfBRead = new CountDownLatch(1);
    Processor a = (in, out) -> out.emitText("a");
    Processor b =
        (in, out) -> {
          out.emitText("b0");
          firstOfBRead.await(); // its turn has come: the concatenation drains it now
          for (int i = 1; i <= 1_000; i++) {
            out.emitText("b" + i);
          }
        };
    List<String> seen = new ArrayList<>();
    try (ProcessorRun run = Processor.parallelConcat(2, a, b).start(texts("x"))) {
      Iterator<ProcessorPart> it = run.iterator();
      while (it.hasNext()) {
        String t = it.next().text().orElseThrow();
        seen.add(t);
        if (t.equals("b0")) {
          firstOfBRead.countDown();
        }
      }
    }
    assertThat(seen).hasSize(1_002).startsWith("a", "b0", "b1").endsWith("b1000");
  }

  @Test
  void oneAllowedPartInFlightRunsAConcurrentStageOnePartAtATime() {
    PartProcessor echo = (part, out) -> out.emit(part);
    List<ProcessorPart> input = numbered(50);
    assertThat(echo.concurrent(1).apply(input)).containsExactlyElementsOf(input);
  }

  @Test
  void aFailingPartFailsAConcurrentStagesRunWithItsError() {
    IllegalStateException boom = new IllegalStateException("boom");
    PartProcessor failsOnThree =
        (part, out) -> {
          if (part.text().orElseThrow().equals("3")) {
            throw boom;
          }
          out.emit(part);
        };
    try (ProcessorRun run = failsOnThree.concurrent(2).start(numbered(10))) {
      assertThatThrownBy(run::toList).isInstanceOf(ProcessorException.class).hasCause(boom);
    }
  }

  @Test
  void closingARunMidConcurrentStageLeavesNoThread() throws Exception {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    CountDownLatch threeStarted = new CountDownLatch(3);
    PartProcessor stuck =
        (part, out) -> {
          threeStarted.countDown();
          new CountDownLatch(1).await();
        };
    ProcessorRun run = stuck.concurrent(3).start(numbered(20), threads.options());
    threeStarted.await();
    run.close();
    assertThat(threads.alive.get()).isZero();
    assertThat(run.isDone()).isTrue();
  }

  @Test
  void decoratorsComposeInnerFirstAndNoneChangesNothing() {
    Processor stage = ECHO.named("stage");
    StageDecorator none = StageDecorator.none();
    assertThat(none.decorate("stage", stage)).isSameAs(stage);
    StageDecorator tagA = (name, p) -> p.andThen(Processors.mapText(t -> t + "a")).named(name);
    StageDecorator tagB = (name, p) -> p.andThen(Processors.mapText(t -> t + "b")).named(name);
    assertThat(tagA.andThen(none)).isSameAs(tagA);
    assertThat(none.andThen(tagA)).isSameAs(tagA);
    Processor both = tagA.andThen(tagB).decorate("stage", stage);
    assertThat(both.name()).isEqualTo("stage");
    assertThat(textsOf(both.apply(texts("x")))).containsExactly("xab");
  }
}
