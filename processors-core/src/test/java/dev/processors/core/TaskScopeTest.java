package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TaskScopeTest {

  @Test
  void forkedTasksAreMadeByTheRunsThreadFactoryAndJoinedBeforeTheStageEnds() {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    Processor stage =
        (in, out) -> {
          PartSink shared = out.shared();
          try (TaskScope scope = TaskScope.open()) {
            for (ProcessorPart part : in) {
              scope.fork("echo " + part.text().orElseThrow(), () -> shared.emit(part));
            }
            scope.join();
          }
          shared.emitText("done");
        };
    List<String> out;
    try (ProcessorRun run = stage.start(texts("a", "b", "c"), threads.options())) {
      out = textsOf(run.toList());
    }
    assertThat(out).hasSize(4).endsWith("done").contains("a", "b", "c");
    assertThat(threads.started.get()).isEqualTo(4); // the stage and three tasks
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void forkValueReturnsTheTasksResult() {
    try (TaskScope scope = TaskScope.open()) {
      Fork<Integer> answer = scope.forkValue("answer", () -> 6 * 7);
      assertThat(answer.join()).isEqualTo(42);
      assertThat(answer.isDone()).isTrue();
      assertThat(answer.name()).isEqualTo("answer");
    }
  }

  @Test
  void aFailingTaskFailsTheRunNamingTheTaskWithTheOriginalCause() {
    IllegalArgumentException boom = new IllegalArgumentException("bad tool arguments");
    AtomicBoolean siblingInterrupted = new AtomicBoolean();
    Processor stage =
        (in, out) -> {
          try (TaskScope scope = TaskScope.open()) {
            scope.fork(
                "sibling",
                () -> {
                  try {
                    Thread.sleep(TimeUnit.MINUTES.toMillis(5));
                  } catch (InterruptedException e) {
                    siblingInterrupted.set(true);
                  }
                });
            scope.fork(
                "tool",
                () -> {
                  throw boom;
                });
            scope.join();
          }
        };
    assertThatThrownBy(() -> stage.apply("go"))
        .isInstanceOf(ProcessorException.class)
        .hasCause(boom)
        .satisfies(e -> assertThat(((ProcessorException) e).stage()).isEqualTo("tool"));
    assertThat(siblingInterrupted).isTrue();
  }

  @Test
  void aTaskFailureInterruptsTheOwnerBlockedInItsOwnWork() {
    Processor stage =
        (in, out) -> {
          try (TaskScope scope = TaskScope.open()) {
            scope.fork(
                "failing",
                () -> {
                  throw new IllegalStateException("task failed");
                });
            Thread.sleep(TimeUnit.MINUTES.toMillis(5)); // the owner is woken by the failure
          }
        };
    assertThatThrownBy(() -> stage.apply("go"))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("task failed");
  }

  @Test
  void closingTheRunCancelsForkedTasksAndLeavesNoThread() throws Exception {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    CountDownLatch forked = new CountDownLatch(10);
    Processor stage =
        (in, out) -> {
          try (TaskScope scope = TaskScope.open()) {
            for (int i = 0; i < 10; i++) {
              scope.fork(
                  "waiter " + i,
                  () -> {
                    forked.countDown();
                    new CountDownLatch(1).await();
                  });
            }
            scope.join();
          }
        };
    ProcessorRun run = stage.start(texts("x"), threads.options());
    assertThat(forked.await(30, TimeUnit.SECONDS)).isTrue();
    run.close();
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void closeCancelsTasksThatWereNotJoined() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Fork<Void> fork;
    try (TaskScope scope = TaskScope.open()) {
      fork =
          scope.fork(
              "forgotten",
              () -> {
                started.countDown();
                try {
                  new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                  interrupted.set(true);
                }
              });
      started.await();
    }
    assertThat(fork.isDone()).isTrue();
    assertThat(interrupted).isTrue();
  }

  @Test
  void aCancelledTaskJustEndsAndTheScopeGoesOn() throws Exception {
    try (TaskScope scope = TaskScope.open()) {
      CountDownLatch started = new CountDownLatch(1);
      Fork<Void> waiter =
          scope.fork(
              "waiter",
              () -> {
                started.countDown();
                new CountDownLatch(1).await();
              });
      started.await();
      waiter.cancel();
      assertThatThrownBy(waiter::join).isInstanceOf(CancellationException.class);
      assertThat(scope.forkValue("after", () -> "still works").join()).isEqualTo("still works");
      scope.join();
    }
  }

  @Test
  void forkingAfterCloseIsRefusedClearly() {
    TaskScope scope = TaskScope.open();
    scope.close();
    assertThatThrownBy(() -> scope.fork("late", () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("late")
        .hasMessageContaining("closed");
  }

  @Test
  void aSharedSinkTakesPartsFromManyThreadsWithoutLosingAny() {
    Processor stage =
        (in, out) -> {
          PartSink shared = out.shared();
          assertThat(shared.shared()).isSameAs(shared);
          try (TaskScope scope = TaskScope.open()) {
            for (int t = 0; t < 8; t++) {
              int thread = t;
              scope.fork(
                  "writer " + t,
                  () -> {
                    for (int i = 0; i < 1_000; i++) {
                      shared.emitText(thread + ":" + i);
                    }
                  });
            }
            scope.join();
          }
        };
    List<String> out = textsOf(stage.apply("go"));
    assertThat(out).hasSize(8_000).doesNotHaveDuplicates();
    for (int t = 0; t < 8; t++) {
      String prefix = t + ":";
      List<String> mine = out.stream().filter(s -> s.startsWith(prefix)).toList();
      List<String> ordered = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        ordered.add(prefix + i);
      }
      assertThat(mine).containsExactlyElementsOf(ordered); // each thread's order is kept
    }
  }

  @Test
  void aNestedRunInheritsTheCallersOptionsAndIsCancelledWithIt() throws Exception {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    CountDownLatch innerStarted = new CountDownLatch(1);
    AtomicBoolean innerInterrupted = new AtomicBoolean();
    AtomicReference<RunOptions> innerOptions = new AtomicReference<>();
    Processor inner =
        (in, out) -> {
          innerOptions.set(Scope.currentOptions());
          innerStarted.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            innerInterrupted.set(true);
            throw e;
          }
        };
    Processor outer =
        (in, out) -> {
          try (ProcessorRun nested = inner.start(List.of(ProcessorPart.text("inner")))) {
            nested.forEach(out::emit);
          }
        };
    RunOptions options = threads.options().withChannelCapacity(64);
    ProcessorRun run = outer.start(texts("x"), options);
    assertThat(innerStarted.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(innerOptions.get()).isEqualTo(options);
    assertThat(threads.started.get()).isEqualTo(2); // the nested run's stage used our factory
    run.close();
    assertThat(innerInterrupted).isTrue();
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void outsideARunAScopeStandsAloneWithTheDefaults() {
    try (TaskScope scope = TaskScope.open()) {
      assertThat(scope.options()).isEqualTo(RunOptions.defaults());
      List<String> names = Collections.synchronizedList(new ArrayList<>());
      scope.fork("named task", () -> names.add(Thread.currentThread().getName())).join();
      assertThat(names).containsExactly("processors:named task");
    }
  }

  @Test
  void awaitWaitsForACancelledTaskToEndWithoutThrowingItsOutcome() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean cleanedUp = new AtomicBoolean();
    try (TaskScope scope = TaskScope.open()) {
      Fork<Void> emitter =
          scope.fork(
              "emitter",
              () -> {
                started.countDown();
                try {
                  new CountDownLatch(1).await();
                } finally {
                  Thread.sleep(20); // still busy for a moment after the cancel
                  cleanedUp.set(true);
                }
              });
      started.await();
      emitter.cancel();
      emitter.await(); // no CancellationException: the caller asked for the cancel
      assertThat(cleanedUp).isTrue();
      assertThat(emitter.isDone()).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }
  }

  @Test
  void awaitThrowsACancellationWhenTheWaitingThreadIsInterrupted() throws Exception {
    try (TaskScope scope = TaskScope.open()) {
      Fork<Void> forever = scope.fork("forever", () -> new CountDownLatch(1).await());
      Thread.currentThread().interrupt();
      assertThatThrownBy(forever::await).isInstanceOf(CancellationException.class);
      assertThat(Thread.interrupted()).isTrue(); // the status stays set (and is cleared here)
    }
  }

  @Test
  void aLongLivedScopeForgetsTasksThatHaveEnded() {
    try (TaskScope scope = TaskScope.open()) {
      for (int i = 0; i < 10_000; i++) {
        scope.forkValue("detection " + i, () -> new byte[1024]).join();
      }
      Fork<Void> last = scope.fork("still running", () -> new CountDownLatch(1).await());
      assertThat(scope.retainedTasks()).isLessThanOrEqualTo(130);
      assertThat(scope.activeTasks()).isEqualTo(1);
      last.cancel();
      scope.join();
    }
  }
}
