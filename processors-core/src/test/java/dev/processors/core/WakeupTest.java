package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WakeupTest {
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  @AfterEach
  void stop() {
    threads.shutdownNow();
  }

  @Test
  void onTheVirtualClockTheDeadlineEndsTheWaitExactlyWhenTimeReachesIt() throws Exception {
    VirtualClock clock = Clock.virtual();
    Wakeup wakeup = Wakeup.create();
    Future<Boolean> waiter = threads.submit(() -> clock.awaitUntil(100, wakeup));
    clock.awaitSleepers(1);
    assertThat(clock.nextDeadline()).hasValue(100);
    clock.advanceTo(99);
    assertThat(waiter.isDone()).isFalse();
    clock.advanceTo(100);
    assertThat(waiter.get()).isFalse();
    assertThat(clock.sleepers()).isZero();
  }

  @Test
  void onTheVirtualClockASignalEndsTheWaitWithoutMovingTime() throws Exception {
    VirtualClock clock = Clock.virtual();
    Wakeup wakeup = Wakeup.create();
    Future<Boolean> waiter = threads.submit(() -> clock.awaitUntil(1_000, wakeup));
    clock.awaitSleepers(1);
    wakeup.signal();
    assertThat(waiter.get()).isTrue();
    assertThat(clock.nanoTime()).isZero();
    assertThat(wakeup.isSignalled()).isFalse(); // consumed
  }

  @Test
  void aSignalBeforeTheWaitIsKeptAndConsumedOnce() throws Exception {
    for (Clock clock : new Clock[] {Clock.virtual(), Clock.system()}) {
      Wakeup wakeup = Wakeup.create();
      wakeup.signal();
      wakeup.signal(); // several signals count as one
      assertThat(clock.awaitUntil(clock.nanoTime() + Duration.ofHours(1).toNanos(), wakeup))
          .isTrue();
      assertThat(clock.awaitUntil(clock.nanoTime(), wakeup)).isFalse();
    }
  }

  @Test
  void aWaitForTheSignalAloneHasNoDeadlineOnTheVirtualClock() throws Exception {
    VirtualClock clock = Clock.virtual();
    Wakeup wakeup = Wakeup.create();
    Future<Boolean> waiter = threads.submit(() -> clock.awaitUntil(Long.MAX_VALUE, wakeup));
    clock.awaitSleepers(1);
    assertThat(clock.nextDeadline()).isEmpty();
    assertThatThrownBy(clock::advanceToNextDeadline)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Wakeup");
    clock.advance(Duration.ofDays(365));
    assertThat(waiter.isDone()).isFalse();
    wakeup.signal();
    assertThat(waiter.get()).isTrue();
  }

  @Test
  void onTheSystemClockASignalWakesALongWait() throws Exception {
    Wakeup wakeup = Wakeup.create();
    Clock clock = Clock.system();
    CompletableFuture<Boolean> result = new CompletableFuture<>();
    threads.submit(
        () -> {
          try {
            result.complete(clock.awaitUntil(Long.MAX_VALUE, wakeup));
          } catch (InterruptedException e) {
            result.completeExceptionally(e);
          }
        });
    wakeup.signal();
    assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.awaitUntil(clock.nanoTime() + 1_000_000, wakeup)).isFalse();
  }

  @Test
  void anInterruptEndsTheWaitWithInterruptedException() throws Exception {
    VirtualClock clock = Clock.virtual();
    Wakeup wakeup = Wakeup.create();
    Future<Boolean> waiter = threads.submit(() -> clock.awaitUntil(Long.MAX_VALUE, wakeup));
    clock.awaitSleepers(1);
    waiter.cancel(true);
    threads.shutdown();
    assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(clock.sleepers()).isZero();
  }

  @Test
  void aClockThatKnowsNothingOfWakeupsStillWakesOnASignalOrItsDeadline() throws Exception {
    VirtualClock time = Clock.virtual();
    Clock custom =
        new Clock() {
          @Override
          public long nanoTime() {
            return time.nanoTime();
          }

          @Override
          public java.time.Instant instant() {
            return time.instant();
          }

          @Override
          public void sleepUntil(long deadlineNanos) throws InterruptedException {
            time.sleepUntil(deadlineNanos);
          }
        };
    Wakeup wakeup = Wakeup.create();
    Future<Boolean> signalled = threads.submit(() -> custom.awaitUntil(Long.MAX_VALUE, wakeup));
    wakeup.signal();
    assertThat(signalled.get()).isTrue();
    Future<Boolean> timed = threads.submit(() -> custom.awaitUntil(50, wakeup));
    time.advanceTo(50); // the default polls the clock, so it sees the new time
    assertThat(timed.get()).isFalse();
  }

  @Test
  void onAClockThatKnowsNothingOfWakeupsAWaitWithoutASignalEndsAtItsDeadlineReportingNoSignal()
      throws Exception {
    VirtualClock time = Clock.virtual();
    Clock custom =
        new Clock() {
          @Override
          public long nanoTime() {
            return time.nanoTime();
          }

          @Override
          public java.time.Instant instant() {
            return time.instant();
          }

          @Override
          public void sleepUntil(long deadlineNanos) throws InterruptedException {
            time.sleepUntil(deadlineNanos);
          }
        };
    Wakeup never = Wakeup.create();
    assertThat(custom.awaitUntil(0, never)).as("deadline already passed").isFalse();
    Future<Boolean> timed = threads.submit(() -> custom.awaitUntil(80, never));
    time.advanceTo(80);
    assertThat(timed.get(30, TimeUnit.SECONDS)).isFalse();
    assertThat(never.isSignalled()).isFalse();
  }

  @Test
  void aPendingSignalCanBeSeenWithoutConsumingIt() throws Exception {
    Wakeup wakeup = Wakeup.create();
    assertThat(wakeup.isSignalled()).isFalse();
    assertThat(wakeup.toString()).contains("idle");
    wakeup.signal();
    assertThat(wakeup.isSignalled()).isTrue();
    assertThat(wakeup.isSignalled()).as("looking does not consume it").isTrue();
    assertThat(wakeup.toString()).contains("signalled");
    VirtualClock clock = Clock.virtual();
    assertThat(clock.awaitUntil(Long.MAX_VALUE, wakeup)).isTrue();
    assertThat(wakeup.isSignalled()).as("the wait consumed it").isFalse();
  }

  @Test
  void theSystemClockSaysWhatItIs() {
    assertThat(Clock.system().toString()).isEqualTo("Clock.system()");
  }
}
