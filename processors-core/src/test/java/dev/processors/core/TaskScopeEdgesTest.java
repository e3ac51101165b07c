package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task scope's failures, cancellations and let-go tasks as its owner sees them. */
@Timeout(60)
class TaskScopeEdgesTest {

  /** Waits for {@code release}, ignoring every interrupt meanwhile. */
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
   * Waits until {@code fork} has ended, then clears the interrupt its failure sent the scope's
   * owner (this thread).
   */
  private static void awaitFailed(Fork<?> fork) {
    while (!fork.isDone()) {
      Thread.onSpinWait();
    }
    assertThat(Thread.interrupted()).isTrue();
  }

  @Test
  void aFailureThrownByJoinIsNotThrownAgainByClose() {
    IllegalStateException boom = new IllegalStateException("boom");
    TaskScope scope = TaskScope.open();
    awaitFailed(
        scope.fork(
            "fails",
            () -> {
              throw boom;
            }));
    assertThat(scope.isCancelled()).isTrue();
    assertThatThrownBy(scope::join).isInstanceOf(ProcessorException.class).hasCause(boom);
    scope.close(); // must not throw the same failure twice
  }

  @Test
  void aScopeThatATaskFailedRefusesNewTasksWithoutStartingThem() {
    AtomicBoolean ran = new AtomicBoolean();
    try (TaskScope scope = TaskScope.open()) {
      assertThat(scope.isCancelled()).isFalse();
      awaitFailed(
          scope.fork(
              "fails",
              () -> {
                throw new IllegalStateException("boom");
              }));
      assertThatThrownBy(() -> scope.fork("late", () -> ran.set(true)))
          .isInstanceOf(CancellationException.class);
      assertThatThrownBy(scope::join).isInstanceOf(ProcessorException.class);
    }
    assertThat(ran).isFalse();
  }

  @Test
  void aProcessorExceptionThrownByATaskReachesItsJoinerUnwrapped() {
    ProcessorException inner =
        new ProcessorException("inner stage", new IllegalStateException("x"));
    TaskScope scope = TaskScope.open();
    Fork<String> fork =
        scope.forkValue(
            "outer",
            () -> {
              throw inner;
            });
    awaitFailed(fork);
    assertThatThrownBy(fork::join).isSameAs(inner);
    assertThatThrownBy(scope::close).isSameAs(inner);
  }

  @Test
  void anInterruptedAwaitNamesTheTaskItWaitedFor() {
    try (TaskScope scope = TaskScope.open()) {
      Fork<Void> forever = scope.fork("the forever task", () -> new CountDownLatch(1).await());
      Thread.currentThread().interrupt();
      assertThatThrownBy(forever::await)
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("the forever task");
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void aForkDescribesItselfAndSaysWhenItIsDone() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    try (TaskScope scope = TaskScope.open()) {
      Fork<Void> fork = scope.fork("worker", release::await);
      assertThat(fork.isDone()).isFalse();
      assertThat(fork).hasToString("Fork[worker]");
      assertThat(scope).hasToString("TaskScope[tasks=1]");
      assertThat(scope.retainedTasks()).isEqualTo(1);
      release.countDown();
      fork.join();
      assertThat(fork.isDone()).isTrue();
      assertThat(fork).hasToString("Fork[worker, done]");
      assertThat(scope).hasToString("TaskScope[tasks=0]");
    }
  }

  @Test
  void anAbandonableTaskThatIsNotCancelledIsWaitedForHoweverShortItsGrace() throws Exception {
    CountDownLatch waiting = new CountDownLatch(1);
    try (TaskScope scope = TaskScope.open()) {
      Fork<String> slow =
          scope.forkAbandonable(
              "slow",
              Duration.ZERO,
              () -> {
                waiting.await();
                return "done";
              });
      Thread.ofVirtual().start(waiting::countDown);
      assertThat(slow.join()).isEqualTo("done");
      assertThat(((TaskFork<?>) slow).isAbandoned()).isFalse();
    }
  }

  @Test
  void anAbandonableTaskCancelledWhileItsOwnerWaitsIsLetGoAfterItsGraceWithAWarning()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    List<LogRecord> warnings = new ArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            synchronized (warnings) {
              warnings.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(TaskScope.class.getName());
    log.addHandler(handler);
    try (TaskScope scope = TaskScope.open()) {
      Fork<Void> stubborn =
          scope.forkAbandonable(
              "stubborn",
              Duration.ofMillis(10),
              () -> {
                started.countDown();
                ignoreInterruptsUntil(release);
                return null;
              });
      started.await();
      // Cancelled from elsewhere once the owner already waits for it.
      Thread owner = Thread.currentThread();
      Thread.ofVirtual()
          .start(
              () -> {
                while (owner.getState() != Thread.State.WAITING) {
                  Thread.onSpinWait();
                }
                stubborn.cancel();
              });
      assertThatThrownBy(stubborn::join)
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("ignored its cancellation");
      assertThat(((TaskFork<?>) stubborn).isAbandoned()).isTrue();
      assertThat(stubborn).hasToString("Fork[stubborn, abandoned]");
    } finally {
      release.countDown();
      log.removeHandler(handler);
    }
    synchronized (warnings) {
      assertThat(warnings).anySatisfy(r -> assertThat(r.getParameters()).contains("stubborn"));
    }
  }

  @Test
  void anAbandonableTaskWhoseScopeAnotherTaskFailedIsLetGoAfterItsGrace() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch started = new CountDownLatch(1);
    TaskScope scope = TaskScope.open();
    try {
      Fork<Void> stubborn =
          scope.forkAbandonable(
              "stubborn",
              Duration.ofMillis(10),
              () -> {
                started.countDown();
                ignoreInterruptsUntil(release);
                return null;
              });
      started.await();
      awaitFailed(
          scope.fork(
              "fails",
              () -> {
                throw new IllegalStateException("boom");
              }));
      stubborn.await(); // returns once the grace has passed: the task is let go
      assertThat(((TaskFork<?>) stubborn).isAbandoned()).isTrue();
      assertThatThrownBy(scope::join).isInstanceOf(ProcessorException.class);
    } finally {
      release.countDown();
      scope.close();
    }
  }

  @Test
  void afterAwaitingAnAbandonableTaskThatEndedItsThreadIsGone() {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    AtomicInteger aliveAfterAwait = new AtomicInteger(-1);
    Processor forking =
        (in, out) -> {
          try (TaskScope scope = TaskScope.open()) {
            for (int i = 0; i < 20; i++) {
              scope.forkAbandonable("quick " + i, Duration.ofSeconds(5), () -> "x").await();
              aliveAfterAwait.accumulateAndGet(threads.alive.get(), Math::max);
            }
          }
          in.forEach(out::emit);
        };
    try (ProcessorRun run = forking.start(texts("a"), threads.options())) {
      assertThat(run.toList()).hasSize(1);
    }
    assertThat(aliveAfterAwait.get()).isEqualTo(1); // the stage's own thread only
    assertThat(threads.alive.get()).isZero();
  }
}
