package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GateTest {

  @Test
  void releaseLetsOneStepPassAndOpenLetsAllPass() throws Exception {
    Gate gate = Gate.create();
    AtomicInteger passed = new AtomicInteger();
    Runnable step =
        () -> {
          try {
            if (gate.pass(() -> true)) {
              passed.incrementAndGet();
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    Thread a = Thread.ofVirtual().start(step);
    Thread b = Thread.ofVirtual().start(step);
    assertThat(gate.awaitWaiting(Duration.ofSeconds(5))).isTrue();
    while (gate.waiting() < 2) {
      Thread.sleep(1);
    }
    gate.release();
    while (passed.get() < 1) {
      Thread.sleep(1);
    }
    Thread.sleep(20);
    assertThat(passed.get()).isEqualTo(1);
    gate.open();
    a.join(5000);
    b.join(5000);
    assertThat(passed.get()).isEqualTo(2);
    assertThat(gate.passed()).isEqualTo(2);
  }

  @Test
  void aWaiterGivesUpWhenItIsNoLongerWanted() throws Exception {
    Gate gate = Gate.create();
    assertThat(gate.pass(() -> false)).isFalse();
    assertThat(gate.passed()).isZero();
  }
}
