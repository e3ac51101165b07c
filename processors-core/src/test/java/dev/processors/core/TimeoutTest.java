package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Time limits on the clock: what fails, what does not, and what the thread is left with. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TimeoutTest {

  @Test
  void aProcessorThatSwallowsTheInterruptAndReturnsLateStillFailsWithTheTimeout() throws Exception {
    VirtualClock clock = Clock.virtual();
    Processor stubborn =
        (in, out) -> {
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException ignored) {
            // a careless processor: carries on as if nothing happened
          }
          out.emitText("too late");
        };
    try (ProcessorRun run =
        Processors.timeout(stubborn.named("stubborn"), Duration.ofSeconds(2), clock)
            .start(texts("x"))) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofSeconds(2));
      assertThatThrownBy(run::toList)
          .isInstanceOfSatisfying(
              ProcessorTimeoutException.class,
              e -> {
                assertThat(e.limit()).isEqualTo(Duration.ofSeconds(2));
                assertThat(e.stage()).isEqualTo("stubborn");
              });
    }
  }

  @Test
  void aProcessorsOwnErrorBeforeTheDeadlineIsReportedAsItself() {
    VirtualClock clock = Clock.virtual();
    Processor broken =
        (in, out) -> {
          throw new IOException("bad credentials");
        };
    assertThatThrownBy(() -> Processors.timeout(broken, Duration.ofSeconds(1), clock).apply("x"))
        .isNotInstanceOf(ProcessorTimeoutException.class)
        .hasRootCauseMessage("bad credentials");
    assertThat(clock.sleepers()).as("the watchdog is gone").isZero();
  }

  @Test
  void aTimedOutAttemptCanBeRetriedAndTheRetryRunsUninterrupted() throws Exception {
    VirtualClock clock = Clock.virtual();
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean secondSawInterrupt = new AtomicBoolean();
    Processor slowThenFast =
        (in, out) -> {
          if (attempts.incrementAndGet() == 1) {
            Thread.sleep(60_000);
          }
          secondSawInterrupt.set(Thread.currentThread().isInterrupted());
          in.forEachRemaining(out::emit);
        };
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ZERO).jitter(0).build();
    Processor guarded =
        Processors.retry(Processors.timeout(slowThenFast, Duration.ofSeconds(1), clock), policy);
    try (ProcessorRun run = guarded.start(texts("a"))) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(textsOf(run.toList().stream().filter(p -> !p.isOutOfBand()).toList()))
          .containsExactly("a");
    }
    assertThat(attempts).hasValue(2);
    assertThat(secondSawInterrupt).as("the timeout's interrupt was cleared").isFalse();
  }

  @Test
  void aPartProcessorGetsTheLimitForEachPartAndKeepsItsNameAndFilter() throws Exception {
    VirtualClock clock = Clock.virtual();
    PartProcessor upper =
        ((PartProcessor) (part, out) -> out.emitText(part.text().orElseThrow().toUpperCase()))
            .matching(p -> p.text().isPresent())
            .named("upper");
    PartProcessor limited = Processors.timeout(upper, Duration.ofSeconds(1), clock);
    assertThat(limited.name()).isEqualTo("upper");
    assertThat(limited.matches(ProcessorPart.text("t"))).isTrue();
    assertThat(limited.matches(ProcessorPart.json("{}"))).isFalse();
    assertThat(textsOf(limited.asProcessor().apply(texts("a", "b")))).containsExactly("A", "B");
    assertThat(clock.sleepers()).isZero();
  }

  @Test
  void aLimitMustBePositive() {
    Processor p = Processors.passThrough();
    Clock clock = Clock.system();
    assertThatThrownBy(() -> Processors.timeout(p, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
    assertThatThrownBy(() -> Processors.timeout(p, Duration.ofSeconds(-1), clock))
        .hasMessageContaining("timeout");
    PartProcessor part = (x, out) -> out.emit(x);
    assertThatThrownBy(() -> Processors.timeout(part, Duration.ZERO, clock))
        .hasMessageContaining("timeout");
  }
}
