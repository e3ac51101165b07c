package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The structured lifetime under every run: first failure wins and cancels everything, cancellation
 * reaches children and owners, nothing started in a scope outlives it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScopeTest {

  private static Scope root() {
    return Scope.root(RunOptions.defaults(), part -> {});
  }

  @Test
  void theFirstFailureWinsAndCancelsEveryThreadOfTheScope() throws Exception {
    Scope scope = root();
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread worker =
        scope.start(
            "worker",
            () -> {
              started.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
            });
    started.await();
    scope.fail("first", new IOException("one"));
    scope.fail("second", new IOException("two"));
    scope.joinAll();
    assertThat(worker.isAlive()).isFalse();
    assertThat(interrupted).isTrue();
    assertThat(scope.isCancelled()).isTrue();
    assertThat(scope.failure()).hasMessageContaining("first").hasRootCauseMessage("one");
    assertThatThrownBy(scope::checkActive)
        .isInstanceOf(CancellationException.class)
        .cause()
        .isSameAs(scope.failure());
  }

  @Test
  void aProcessorExceptionIsRecordedAsItIsNotWrappedAgain() {
    Scope scope = root();
    ProcessorException own = new ProcessorException("model", new IOException("x"));
    scope.fail("outer", own);
    assertThat(scope.failure()).isSameAs(own);
  }

  @Test
  void aCancelledScopeWithoutFailureSaysSoAndAnActiveOneDoesNotThrow() {
    Scope scope = root();
    scope.checkActive();
    scope.cancel();
    scope.cancel(); // idempotent
    assertThatThrownBy(scope::checkActive)
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("cancelled")
        .hasNoCause();
  }

  @Test
  void cancelHooksRunOnceOnCancelAndAtOnceWhenAddedLate() {
    Scope scope = root();
    AtomicInteger early = new AtomicInteger();
    scope.onCancel(early::incrementAndGet);
    assertThat(early).hasValue(0);
    scope.cancel();
    scope.cancel();
    assertThat(early).hasValue(1);
    AtomicInteger late = new AtomicInteger();
    scope.onCancel(late::incrementAndGet);
    assertThat(late).hasValue(1);
  }

  @Test
  void aThreadStartedInACancelledScopeIsInterruptedAtOnce() throws Exception {
    Scope scope = root();
    scope.cancel();
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    CountDownLatch go = new CountDownLatch(1);
    Thread t =
        scope.start(
            "late",
            () -> {
              try {
                go.await();
              } catch (InterruptedException e) {
                sawInterrupt.set(true);
              }
            });
    t.join(30_000);
    assertThat(sawInterrupt).isTrue();
  }

  @Test
  void threadsKnowTheirScopeAndItsOptionsOnlyWhileTheyRun() throws Exception {
    RunOptions options = RunOptions.defaults().withChannelCapacity(8);
    Scope scope = Scope.root(options, part -> {});
    AtomicReference<Scope> seen = new AtomicReference<>();
    AtomicReference<RunOptions> seenOptions = new AtomicReference<>();
    Thread t =
        scope.start(
            "reader",
            () -> {
              seen.set(Scope.current());
              seenOptions.set(Scope.currentOptions());
            });
    scope.join(t);
    assertThat(seen.get()).isSameAs(scope);
    assertThat(seenOptions.get()).isSameAs(options);
    assertThat(t.getName()).isEqualTo("reader");
    assertThat(Scope.current()).as("the test thread belongs to no scope").isNull();
    assertThat(Scope.currentOptions()).isEqualTo(RunOptions.defaults());
  }

  @Test
  void aThreadFactoryThatReturnsNullIsAClearError() {
    Scope scope = Scope.root(RunOptions.defaults().withThreadFactory(r -> null), part -> {});
    assertThatThrownBy(() -> scope.start("x", () -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("thread factory returned null");
  }

  @Test
  void aLongLivedScopeStillJoinsEveryThreadItStartedAfterForgettingEndedOnes() throws Exception {
    Scope scope = root();
    AtomicInteger finished = new AtomicInteger();
    for (int i = 0; i < 500; i++) {
      Thread t = scope.start("short " + i, finished::incrementAndGet);
      if (i % 2 == 0) {
        t.join();
      }
    }
    CountDownLatch release = new CountDownLatch(1);
    Thread last =
        scope.start(
            "last",
            () -> {
              try {
                release.await();
                finished.incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    release.countDown();
    scope.joinAll();
    assertThat(last.isAlive()).isFalse();
    assertThat(finished).hasValue(501);
  }

  @Test
  void cancellingAParentCancelsItsChildrenAndInterruptsTheirOwners() throws Exception {
    Scope parent = root();
    AtomicReference<Scope> child = new AtomicReference<>();
    CountDownLatch opened = new CountDownLatch(1);
    AtomicBoolean ownerInterrupted = new AtomicBoolean();
    AtomicBoolean childCancelled = new AtomicBoolean();
    Thread owner =
        parent.start(
            "owner",
            () -> {
              Scope c = Scope.openChild(part -> {});
              child.set(c);
              opened.countDown();
              try {
                Thread.sleep(60_000);
              } catch (InterruptedException e) {
                ownerInterrupted.set(true);
              }
              childCancelled.set(c.isCancelled());
              c.closeChild();
            });
    opened.await();
    assertThat(child.get().options())
        .as("a child has its parent's options")
        .isSameAs(parent.options());
    parent.cancel();
    parent.join(owner);
    assertThat(ownerInterrupted).isTrue();
    assertThat(childCancelled).isTrue();
  }

  @Test
  void aChildsFailureEndsTheChildButLeavesTheParentRunning() throws Exception {
    Scope parent = root();
    List<Boolean> ownerStillInterrupted = new CopyOnWriteArrayList<>();
    Thread owner =
        parent.start(
            "owner",
            () -> {
              Scope c = Scope.openChild(part -> {});
              c.start("branch", () -> c.fail("branch", new IOException("branch broke")));
              c.closeChild(); // the failing branch interrupted this owner
              ownerStillInterrupted.add(Thread.currentThread().isInterrupted());
            });
    parent.join(owner);
    assertThat(parent.isCancelled()).isFalse();
    assertThat(ownerStillInterrupted)
        .as("the child's cancellation interrupt does not leak into the parent's work")
        .containsExactly(false);
  }

  @Test
  void aRunFailureFromANestedScopeFailsEveryScopeUpToTheRunButNotBeyond() throws Exception {
    Scope outer = root();
    AtomicReference<Scope> run = new AtomicReference<>();
    AtomicReference<Scope> nested = new AtomicReference<>();
    Thread t =
        outer.start(
            "caller",
            () -> {
              Scope r = Scope.root(RunOptions.defaults(), part -> {});
              run.set(r);
              Thread inner =
                  r.start(
                      "stage",
                      () -> {
                        Scope n = Scope.openChild(part -> {});
                        nested.set(n);
                        n.failRun("deep", new IOException("deep failure"));
                        n.closeChild();
                      });
              r.join(inner);
              r.detach();
            });
    outer.join(t);
    assertThat(nested.get().failure()).hasRootCauseMessage("deep failure");
    assertThat(run.get().failure()).isSameAs(nested.get().failure());
    assertThat(outer.failure()).as("the caller's run sees it only by reading").isNull();
    assertThat(outer.isCancelled()).isFalse();
  }

  @Test
  void aStandaloneChildSendsItsOutOfBandPartsToTheFallbackSink() {
    List<ProcessorPart> got = new CopyOnWriteArrayList<>();
    Scope standalone = Scope.openChild(got::add);
    standalone.outOfBand().emit(ProcessorPart.status("hello"));
    standalone.closeChild();
    assertThat(got).hasSize(1);
    assertThat(Scope.openChild(null).outOfBand()).isNull();
  }

  @Test
  void aChildOpenedInsideARunSendsItsOutOfBandPartsToTheRunNotToTheFallback() throws Exception {
    List<ProcessorPart> run = new CopyOnWriteArrayList<>();
    List<ProcessorPart> fallback = new CopyOnWriteArrayList<>();
    Scope parent = Scope.root(RunOptions.defaults(), run::add);
    Thread owner =
        parent.start(
            "owner",
            () -> {
              Scope child = Scope.openChild(fallback::add);
              child.outOfBand().emit(ProcessorPart.status("from the child"));
              child.closeChild();
            });
    parent.join(owner);
    assertThat(run).extracting(p -> p.text().orElseThrow()).containsExactly("from the child");
    assertThat(fallback).isEmpty();
  }

  @Test
  void aThreadInterruptedWhileJoiningAScopeThreadKeepsItsInterruptFlag() throws Exception {
    Scope scope = root();
    CountDownLatch release = new CountDownLatch(1);
    Thread worker = scope.start("worker", () -> awaitIgnoringInterrupts(release));
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread joiner =
        Thread.ofVirtual()
            .start(
                () -> {
                  scope.join(worker);
                  flagKept.set(Thread.currentThread().isInterrupted());
                });
    awaitWaiting(joiner);
    joiner.interrupt();
    release.countDown();
    joiner.join();
    assertThat(worker.isAlive()).isFalse();
    assertThat(flagKept).as("the join waited on, then restored the interrupt").isTrue();
  }

  @Test
  void cancellingAScopeLetsGoOfATaskThatIgnoresItWhileSomeoneAlreadyWaitsToClose()
      throws Exception {
    Scope scope = root();
    CountDownLatch release = new CountDownLatch(1);
    TaskFork<Void> stubborn =
        new TaskFork<>(
            scope,
            "stubborn",
            () -> {
              awaitIgnoringInterrupts(release);
              return null;
            },
            java.time.Duration.ZERO);
    stubborn.start();
    try {
      Thread closer = Thread.ofVirtual().start(scope::joinAll);
      awaitWaiting(closer); // waiting for the task, which has not been cancelled yet
      scope.cancel();
      assertThat(closer.join(java.time.Duration.ofSeconds(30)))
          .as("the close lets the task go once its (zero) grace has passed")
          .isTrue();
    } finally {
      release.countDown();
    }
  }

  private static void awaitIgnoringInterrupts(CountDownLatch latch) {
    while (true) {
      try {
        latch.await();
        return;
      } catch (InterruptedException ignored) {
        // a task that ignores its cancellation
      }
    }
  }

  private static void awaitWaiting(Thread t) {
    while (t.getState() != Thread.State.WAITING && t.isAlive()) {
      Thread.onSpinWait();
    }
  }
}
