package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tasks forked with a grace period: joined like any task, let go only once cancelled. */
@Timeout(60)
class TaskScopeAbandonTest {

  /** A task body that waits for {@code release} and ignores every interrupt meanwhile. */
  private static void ignoreInterruptsUntil(CountDownLatch release) {
    while (true) {
      try {
        release.await();
        return;
      } catch (InterruptedException ignored) {
        // badly behaved on purpose
      }
    }
  }

  /**
   * Takes {@code time} whatever interrupts arrive meanwhile (the run interrupts more than once).
   */
  private static void cleanUpFor(Duration time) {
    long end = System.nanoTime() + time.toNanos();
    for (long left = time.toNanos(); left > 0; left = end - System.nanoTime()) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException again) {
        // cancelled twice: the clean-up goes on
      }
    }
  }

  @Test
  void untilItIsCancelledAnAbandonableTaskIsAnOrdinaryTask() {
    try (TaskScope scope = TaskScope.open()) {
      Fork<String> answer = scope.forkAbandonable("tool", Duration.ZERO, () -> "42");
      assertThat(answer.join()).isEqualTo("42");
      scope.join();
    }
    Processor failing =
        (in, out) -> {
          try (TaskScope scope = TaskScope.open()) {
            scope.forkAbandonable(
                "tool",
                Duration.ofSeconds(30),
                () -> {
                  throw new IllegalStateException("tool broke");
                });
            scope.join();
          }
        };
    assertThatThrownBy(() -> failing.apply(texts("x")))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("tool")
        .hasRootCauseMessage("tool broke");
  }

  @Test
  void closingTheRunLetsGoOfATaskThatIgnoresItsInterruptAndDropsItsLateOutcome() throws Exception {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch returned = new CountDownLatch(1);
    AtomicReference<Thread> stubborn = new AtomicReference<>();
    Processor stage =
        (in, out) -> {
          PartSink shared = out.shared();
          try (TaskScope scope = TaskScope.open()) {
            scope.forkAbandonable(
                "stubborn tool",
                Duration.ZERO,
                () -> {
                  stubborn.set(Thread.currentThread());
                  started.countDown();
                  ignoreInterruptsUntil(release);
                  returned.countDown();
                  shared.emit(ProcessorPart.text("late"));
                  throw new IllegalStateException("a late failure is dropped too");
                });
            scope.join();
          }
        };
    int before = TaskScope.abandonedTasks();
    try (ProcessorRun run = stage.start(texts("x"), threads.options())) {
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    } // returns although the task still runs
    assertThat(stubborn.get().isAlive()).isTrue();
    assertThat(threads.alive.get()).isEqualTo(1); // only the stubborn one
    assertThat(TaskScope.abandonedTasks()).isEqualTo(before + 1);

    release.countDown();
    returned.await();
    stubborn.get().join();
    assertThat(threads.alive.get()).isZero();
    assertThat(TaskScope.abandonedTasks()).isEqualTo(before);
  }

  @Test
  void aTaskThatHonoursTheInterruptIsWaitedForNotLetGo() throws Exception {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean cleanedUp = new AtomicBoolean();
    Processor stage =
        (in, out) -> {
          try (TaskScope scope = TaskScope.open()) {
            scope.forkAbandonable(
                "polite tool",
                Duration.ofSeconds(30),
                () -> {
                  started.countDown();
                  try {
                    new CountDownLatch(1).await();
                  } finally {
                    cleanUpFor(Duration.ofMillis(50)); // after the interrupt, within its grace
                    cleanedUp.set(true);
                  }
                  return null;
                });
            scope.join();
          }
        };
    int before = TaskScope.abandonedTasks();
    try (ProcessorRun run = stage.start(texts("x"), threads.options())) {
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(cleanedUp).isTrue(); // close waited for it
    assertThat(threads.alive.get()).isZero();
    assertThat(TaskScope.abandonedTasks()).isEqualTo(before);
  }

  @Test
  void aCancelledForkIsLetGoAfterItsGraceAndTheScopeGoesOn() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicReference<Thread> thread = new AtomicReference<>();
    try (TaskScope scope = TaskScope.open()) {
      CountDownLatch started = new CountDownLatch(1);
      Fork<String> stubborn =
          scope.forkAbandonable(
              "stubborn",
              Duration.ZERO,
              () -> {
                thread.set(Thread.currentThread());
                started.countDown();
                ignoreInterruptsUntil(release);
                return "too late";
              });
      started.await();
      stubborn.cancel();
      assertThatThrownBy(stubborn::join)
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("'stubborn' ignored its cancellation");
      assertThat(stubborn.isDone()).isTrue();
      assertThat(scope.activeTasks()).isZero();
      assertThat(scope.forkValue("after", () -> "still works").join()).isEqualTo("still works");
      scope.join();
    } finally {
      release.countDown();
    }
    thread.get().join(); // leaves the JVM-wide count of abandoned tasks as it found it
  }

  @Test
  void aNegativeGraceIsRefusedNamingIt() {
    try (TaskScope scope = TaskScope.open()) {
      assertThatThrownBy(() -> scope.forkAbandonable("tool", Duration.ofMillis(-1), () -> 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("grace must not be negative");
    }
  }
}
