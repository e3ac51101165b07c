package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.VirtualClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-value budget: steps counted on every evaluation node, time checked on the clock. */
class CostMeterTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  @Test
  void exactlyTheStepBudgetIsAllowedAndTheNextStepStopsTheValue() {
    CostMeter meter = new CostMeter(100, VirtualClock.create(), SECOND);
    for (int i = 0; i < 100; i++) {
      meter.callback(null, null);
    }
    assertThat(meter.steps()).isEqualTo(100);
    assertThatThrownBy(() -> meter.callback(null, null))
        .isInstanceOf(CostMeter.BudgetExceeded.class)
        .hasMessage("over the cost limit of 100 evaluation steps per value");
  }

  @Test
  void aValueThatReachesExactlyItsTimeLimitIsAllowed() {
    VirtualClock clock = VirtualClock.create();
    CostMeter meter = new CostMeter(10_000, clock, SECOND);
    clock.advance(Duration.ofSeconds(1)); // at the limit, not over it
    for (int i = 0; i < 64; i++) {
      meter.callback(null, null); // the 64th step reads the clock
    }
    assertThat(meter.steps()).isEqualTo(64);
    clock.advance(Duration.ofNanos(1));
    for (int i = 0; i < 63; i++) {
      meter.callback(null, null);
    }
    assertThatThrownBy(() -> meter.callback(null, null))
        .isInstanceOf(CostMeter.BudgetExceeded.class)
        .hasMessageContaining("after 128 steps");
  }

  @Test
  void theTimeBudgetRunsFromTheMeterStartOnItsClockAndIsCheckedEvery64Steps() {
    VirtualClock clock = VirtualClock.create();
    CostMeter meter = new CostMeter(10_000, clock, SECOND);
    clock.advance(Duration.ofMillis(999));
    for (int i = 0; i < 128; i++) {
      meter.callback(null, null); // within the second: two clock checks pass
    }
    clock.advance(Duration.ofMillis(2));
    for (int i = 0; i < 63; i++) {
      meter.callback(null, null); // over time, but the clock is only read every 64 steps
    }
    assertThatThrownBy(() -> meter.callback(null, null))
        .isInstanceOf(CostMeter.BudgetExceeded.class)
        .hasMessage("over the time limit of 1000000 µs per value after 192 steps");
  }
}
