package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Run-ahead: a part whose call blocks never holds back the parts behind it. The tests make the
 * first call wait for a later part to have started, so they pass only if later parts run while it
 * waits (without run-ahead they would hang, and the timeout fails them); no test measures time.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunAheadTest {

  /** Part "0" blocks until part {@code waitFor} has been called; every part is echoed. */
  private static PartProcessor firstWaitsFor(String waitFor, CountDownLatch started) {
    return (part, out) -> {
      String text = part.text().orElseThrow();
      if (text.equals(waitFor)) {
        started.countDown();
      }
      if (text.equals("0")) {
        started.await();
      }
      out.emitText(text);
    };
  }

  @Test
  void aBlockedCallDoesNotHoldBackLaterPartsAndOrderIsKept() {
    CountDownLatch fifthStarted = new CountDownLatch(1);
    PartProcessor stage = firstWaitsFor("5", fifthStarted);
    List<String> out = textsOf(stage.apply(texts("0", "1", "2", "3", "4", "5", "6")));
    assertThat(out).containsExactly("0", "1", "2", "3", "4", "5", "6");
  }

  @Test
  void laterPartsRunThroughTheFusedStagesAfterTheBlockedOne() throws Exception {
    // Part 0 blocks in the first stage until part 3 has reached the last stage of the chain.
    CountDownLatch thirdReachedLastStage = new CountDownLatch(1);
    PartProcessor first =
        (part, out) -> {
          if (part.text().orElseThrow().equals("0")) {
            thirdReachedLastStage.await();
          }
          out.emit(part);
        };
    PartProcessor middle = (part, out) -> out.emitText(part.text().orElseThrow() + "m");
    PartProcessor last =
        (part, out) -> {
          if (part.text().orElseThrow().equals("3m")) {
            thirdReachedLastStage.countDown();
          }
          out.emit(part);
        };
    Processor pipeline = first.andThen(middle).andThen(last);
    assertThat(textsOf(pipeline.apply(texts("0", "1", "2", "3", "4"))))
        .containsExactly("0m", "1m", "2m", "3m", "4m");
  }

  @Test
  void theOutputsOfOnePartStayTogetherWhenLaterPartsFinishFirst() {
    // Each part emits three parts; part i sleeps less than part i-1, so later ones finish first.
    PartProcessor slowThenFast =
        (part, out) -> {
          int i = Integer.parseInt(part.text().orElseThrow());
          Thread.sleep(5L * (10 - i));
          for (int k = 0; k < 3; k++) {
            out.emitText(i + "." + k);
          }
        };
    List<String> expected = new ArrayList<>();
    List<String> input = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      input.add(Integer.toString(i));
      for (int k = 0; k < 3; k++) {
        expected.add(i + "." + k);
      }
    }
    List<String> out = textsOf(slowThenFast.apply(texts(input.toArray(String[]::new))));
    assertThat(out).containsExactlyElementsOf(expected);
  }

  @Test
  void aLonePartProcessorRunsAheadInStartAndAsProcessor() throws Exception {
    CountDownLatch thirdStarted = new CountDownLatch(1);
    PartProcessor stage = firstWaitsFor("3", thirdStarted);
    try (ProcessorRun run = stage.start(texts("0", "1", "2", "3"))) {
      assertThat(textsOf(run.toList())).containsExactly("0", "1", "2", "3");
    }
    CountDownLatch again = new CountDownLatch(1);
    Processor asStream = firstWaitsFor("2", again).asProcessor();
    assertThat(textsOf(asStream.apply(texts("0", "1", "2")))).containsExactly("0", "1", "2");
  }

  @Test
  void branchesOfParallelOverlapOnceTheStageRunsAhead() {
    // Part 0 blocks, so the stage runs ahead; on part 1's task its branch "a" waits for its
    // branch "b" to start: that only ends if the branches of one part run at the same time.
    CountDownLatch part1Ahead = new CountDownLatch(1);
    CountDownLatch bStarted = new CountDownLatch(1);
    PartProcessor a =
        (part, out) -> {
          String t = part.text().orElseThrow();
          if (t.equals("0")) {
            part1Ahead.await();
          }
          if (t.equals("1")) {
            part1Ahead.countDown();
            bStarted.await();
          }
          out.emitText("a" + t);
        };
    PartProcessor b =
        (part, out) -> {
          if (part.text().orElseThrow().equals("1")) {
            bStarted.countDown();
          }
          out.emitText("b" + part.text().orElseThrow());
        };
    List<String> out = textsOf(PartProcessor.parallel(a, b).apply(texts("0", "1", "2")));
    assertThat(out).containsExactly("a0", "b0", "a1", "b1", "a2", "b2");
  }

  @Test
  void partsInFlightNeverExceedTheRunsBound() {
    AtomicInteger inCall = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    PartProcessor slow =
        (part, out) -> {
          most.accumulateAndGet(inCall.incrementAndGet(), Math::max);
          Thread.sleep(3);
          inCall.decrementAndGet();
          out.emit(part);
        };
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      input.add(ProcessorPart.text(Integer.toString(i)));
    }
    RunOptions options = RunOptions.defaults().withMaxPartsInFlight(4);
    try (ProcessorRun run = slow.start(input, options)) {
      assertThat(run.toList()).containsExactlyElementsOf(input);
    }
    assertThat(most.get()).isBetween(1, 4);
  }

  @Test
  void oneAllowedPartInFlightTurnsRunAheadOff() {
    AtomicInteger inCall = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    PartProcessor slow =
        (part, out) -> {
          most.accumulateAndGet(inCall.incrementAndGet(), Math::max);
          Thread.sleep(3);
          inCall.decrementAndGet();
          out.emit(part);
        };
    List<ProcessorPart> input = texts("a", "b", "c", "d", "e", "f");
    try (ProcessorRun run = slow.start(input, RunOptions.defaults().withMaxPartsInFlight(1))) {
      assertThat(run.toList()).containsExactlyElementsOf(input);
    }
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void theFirstFailureInterruptsEveryCallInFlightAndReachesTheCallerAsCause() throws Exception {
    int sleepers = 20;
    CountDownLatch allSleeping = new CountDownLatch(sleepers);
    AtomicInteger interrupted = new AtomicInteger();
    AtomicLong interruptedAt = new AtomicLong();
    AtomicLong thrownAt = new AtomicLong();
    IllegalStateException boom = new IllegalStateException("boom");
    PartProcessor stage =
        (part, out) -> {
          if (part.text().orElseThrow().equals("fail")) {
            allSleeping.await();
            thrownAt.set(System.nanoTime());
            throw boom;
          }
          allSleeping.countDown();
          try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(5));
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            interruptedAt.accumulateAndGet(System.nanoTime(), Math::max);
            throw e;
          }
        };
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < sleepers; i++) {
      input.add(ProcessorPart.text("sleep " + i));
    }
    input.add(ProcessorPart.text("fail"));
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    try (ProcessorRun run = stage.start(input, threads.options())) {
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasCause(boom)
          .hasMessageContaining("boom");
    }
    assertThat(interrupted.get()).isEqualTo(sleepers);
    // A generous bound for a busy machine (the target is 100 ms; benchmarks record the figure).
    assertThat(TimeUnit.NANOSECONDS.toMillis(interruptedAt.get() - thrownAt.get()))
        .isLessThan(2_000);
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void closingARunThatRunsAheadLeavesNoThreadAlive() throws Exception {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    CountDownLatch manyStarted = new CountDownLatch(50);
    PartProcessor stuck =
        (part, out) -> {
          manyStarted.countDown();
          new CountDownLatch(1).await(); // forever, until interrupted
        };
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      input.add(ProcessorPart.text("p" + i));
    }
    ProcessorRun run = stuck.start(input, threads.options());
    assertThat(manyStarted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(threads.alive.get()).isGreaterThanOrEqualTo(50);
    run.close();
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void aStageThatCatchesUpGoesBackInlineAndStillKeepsOrder() throws Exception {
    // Slow first part, then a long run of cheap parts, then slow again: the output is in order.
    ConcurrentHashMap<String, Boolean> threadNames = new ConcurrentHashMap<>();
    PartProcessor mostlyCheap =
        (part, out) -> {
          int i = Integer.parseInt(part.text().orElseThrow());
          threadNames.put(Thread.currentThread().getName(), true);
          if (i % 500 == 0) {
            Thread.sleep(20);
          }
          out.emit(part);
        };
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      input.add(ProcessorPart.text(Integer.toString(i)));
    }
    for (int round = 0; round < 5; round++) {
      assertThat(mostlyCheap.apply(input)).containsExactlyElementsOf(input);
    }
  }

  @Test
  void tasksRunOnTheRunsThreadFactory() {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    CountDownLatch secondStarted = new CountDownLatch(1);
    PartProcessor stage = firstWaitsFor("1", secondStarted);
    try (ProcessorRun run = stage.start(texts("0", "1", "2"), threads.options())) {
      assertThat(textsOf(run.toList())).containsExactly("0", "1", "2");
    }
    // The root stage, the feeder and at least one task: all made by the run's factory.
    assertThat(threads.started.get()).isGreaterThanOrEqualTo(3);
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void
      whenTheStagesOwnCallFailsWhileRunningAheadTheCallsAheadAreInterruptedAndTheErrorReachesTheCaller()
          throws Exception {
    CountDownLatch secondStarted = new CountDownLatch(1);
    AtomicInteger interrupted = new AtomicInteger();
    IllegalStateException boom = new IllegalStateException("boom");
    PartProcessor stage =
        (part, out) -> {
          if (part.text().orElseThrow().equals("0")) {
            secondStarted.await(); // runs ahead meanwhile
            throw boom;
          }
          secondStarted.countDown();
          try {
            new CountDownLatch(1).await(); // until cancelled
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        };
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    try (ProcessorRun run = stage.start(texts("0", "1", "2"), threads.options())) {
      assertThatThrownBy(run::toList).isInstanceOf(ProcessorException.class).hasCause(boom);
    }
    assertThat(interrupted.get()).isPositive();
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void aStageThatWaitsForInputAfterRunningAheadKeepsOrderWhenInputComesBack() throws Exception {
    CountDownLatch secondStarted = new CountDownLatch(1);
    java.util.concurrent.atomic.AtomicReference<Thread> stageThread =
        new java.util.concurrent.atomic.AtomicReference<>();
    PartProcessor stage =
        (part, out) -> {
          String t = part.text().orElseThrow();
          if (t.equals("0")) {
            stageThread.set(Thread.currentThread());
            secondStarted.await();
          }
          if (t.equals("1")) {
            secondStarted.countDown();
          }
          out.emitText(t);
        };
    PartQueue input = PartQueue.create();
    List<String> seen = new ArrayList<>();
    try (ProcessorRun run = stage.start(input)) {
      java.util.Iterator<ProcessorPart> it = run.iterator();
      input.putText("0");
      input.putText("1");
      seen.add(it.next().text().orElseThrow());
      seen.add(it.next().text().orElseThrow());
      // Nothing is in flight now: wait until the stage thread waits for what comes next.
      Thread owner = stageThread.get();
      while (owner.getState() != Thread.State.WAITING) {
        Thread.onSpinWait();
      }
      for (int i = 2; i < 6; i++) {
        input.putText(Integer.toString(i));
      }
      input.close();
      it.forEachRemaining(p -> seen.add(p.text().orElseThrow()));
    }
    assertThat(seen).containsExactly("0", "1", "2", "3", "4", "5");
  }
}
