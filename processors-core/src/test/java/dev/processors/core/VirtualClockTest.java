package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The test clock real-time tests stand on: time moves only when told, sleepers wake exactly. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VirtualClockTest {

  @Test
  void timeStartsAtZeroOnNewYears2026AndMovesOnlyWhenAdvanced() {
    VirtualClock clock = VirtualClock.create();
    assertThat(clock.nanoTime()).isZero();
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:00Z"));
    clock.advance(Duration.ofMillis(1500));
    assertThat(clock.nanoTime()).isEqualTo(1_500_000_000L);
    assertThat(clock.instant()).isEqualTo(Instant.parse("2026-01-01T00:00:01.500Z"));
    assertThat(clock.toString()).contains("1500000000");
  }

  @Test
  void timeNeverRunsBackwards() {
    VirtualClock clock = VirtualClock.create();
    clock.advanceTo(100);
    clock.advanceTo(40); // already past: nothing happens
    assertThat(clock.nanoTime()).isEqualTo(100);
    assertThatThrownBy(() -> clock.advance(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backwards");
    assertThat(clock.nanoTime()).isEqualTo(100);
    clock.advance(Duration.ZERO);
    assertThat(clock.nanoTime()).isEqualTo(100);
  }

  @Test
  void aSleepWhoseDeadlineHasPassedReturnsAtOnceWithoutCountingAsASleeper() throws Exception {
    VirtualClock clock = VirtualClock.create();
    clock.advanceTo(1_000);
    clock.sleepUntil(1_000);
    clock.sleepUntil(10);
    clock.sleep(Duration.ZERO);
    assertThat(clock.sleepers()).isZero();
    assertThat(clock.unresumed()).isZero();
  }

  @Test
  void sleepersWakeInDeadlineOrderEachExactlyWhenTimeReachesItsDeadline() throws Exception {
    VirtualClock clock = VirtualClock.create();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Long> late = threads.submit(() -> sleepAndTell(clock, 300));
      Future<Long> early = threads.submit(() -> sleepAndTell(clock, 100));
      clock.awaitSleepers(2);
      assertThat(clock.sleepers()).isEqualTo(2);
      assertThat(clock.nextDeadline()).hasValue(100);

      clock.advanceTo(99);
      assertThat(clock.sleepers()).as("one nanosecond early wakes nobody").isEqualTo(2);
      assertThat(clock.advanceToNextDeadline()).isEqualTo(100);
      assertThat(early.get(30, TimeUnit.SECONDS)).isEqualTo(100);
      assertThat(late.isDone()).isFalse();
      assertThat(clock.nextDeadline()).hasValue(300);

      assertThat(clock.advanceToNextDeadline()).isEqualTo(300);
      assertThat(late.get(30, TimeUnit.SECONDS)).isEqualTo(300);
      assertThat(clock.sleepers()).isZero();
      assertThat(clock.nextDeadline()).isEmpty();
    }
  }

  private static long sleepAndTell(VirtualClock clock, long deadline) throws InterruptedException {
    clock.sleepUntil(deadline);
    return clock.nanoTime();
  }

  @Test
  void aReleasedSleeperCountsAsUnresumedUntilItsThreadReturns() throws Exception {
    VirtualClock clock = VirtualClock.create();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Long> sleeper = threads.submit(() -> sleepAndTell(clock, 50));
      clock.awaitSleepers(1);
      assertThat(clock.unresumed()).isZero();
      clock.advance(Duration.ofNanos(50));
      assertThat(clock.sleepers()).as("a due sleeper leaves the queue at once").isZero();
      sleeper.get(30, TimeUnit.SECONDS);
      assertThat(clock.unresumed()).isZero();
    }
  }

  @Test
  void anInterruptedSleeperLeavesTheClockWithoutBeingCountedAsReleased() throws Exception {
    VirtualClock clock = VirtualClock.create();
    Thread sleeper =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    clock.sleepUntil(1_000);
                  } catch (InterruptedException expected) {
                    // the test interrupts it
                  }
                });
    clock.awaitSleepers(1);
    sleeper.interrupt();
    sleeper.join(30_000);
    assertThat(clock.sleepers()).isZero();
    assertThat(clock.unresumed()).isZero();
    assertThat(clock.nextDeadline()).isEmpty();
  }

  @Test
  void aWaitOnlyForASignalHasNoDeadlineToAdvanceTo() throws Exception {
    VirtualClock clock = VirtualClock.create();
    Wakeup wakeup = Wakeup.create();
    try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> waiting = threads.submit(() -> clock.awaitUntil(Long.MAX_VALUE, wakeup));
      clock.awaitSleepers(1);
      assertThat(clock.nextDeadline()).isEmpty();
      assertThatThrownBy(clock::advanceToNextDeadline)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("Wakeup");
      wakeup.signal();
      assertThat(waiting.get(30, TimeUnit.SECONDS)).isTrue();
      assertThat(clock.nanoTime()).isZero();
      assertThat(clock.unresumed()).isZero();
    }
  }

  @Test
  void aWaitWhoseDeadlineHasPassedReportsTheTimeoutAtOnceUnlessSignalled() throws Exception {
    VirtualClock clock = VirtualClock.create();
    clock.advanceTo(500);
    Wakeup wakeup = Wakeup.create();
    assertThat(clock.awaitUntil(500, wakeup)).isFalse();
    wakeup.signal();
    assertThat(clock.awaitUntil(500, wakeup)).as("a pending signal wins").isTrue();
    assertThat(clock.sleepers()).isZero();
  }
}
