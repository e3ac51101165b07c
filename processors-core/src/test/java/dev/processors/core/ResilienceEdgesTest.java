package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Retry, timeout, routing options and the run's input at their edges: attempt counts per part,
 * wrapped causes, interrupts, refused settings, and an input released once the run has ended.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ResilienceEdgesTest {

  @Test
  void aPartProcessorIsRetriedPerPartAtMostMaxAttemptsTimes() {
    AtomicInteger attempts = new AtomicInteger();
    IllegalStateException down = new IllegalStateException("down");
    PartProcessor alwaysFails =
        (part, out) -> {
          attempts.incrementAndGet();
          throw down;
        };
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(3).initialDelay(Duration.ZERO).jitter(0).build();
    assertThatThrownBy(() -> alwaysFails.retry(policy).apply(texts("x")))
        .isInstanceOf(ProcessorException.class)
        .hasCause(down);
    assertThat(attempts).hasValue(3);
  }

  @Test
  void theRetryFilterSeesTheCauseOfAWrappedFailure() {
    AtomicInteger attempts = new AtomicInteger();
    PartProcessor failsOnceWrapped =
        (part, out) -> {
          if (attempts.incrementAndGet() == 1) {
            throw new ProcessorException("nested model", new IOException("reset"));
          }
          out.emit(part);
        };
    RetryPolicy onlyIo =
        RetryPolicy.builder()
            .initialDelay(Duration.ZERO)
            .retryOn(e -> e instanceof IOException)
            .build();
    List<ProcessorPart> out = failsOnceWrapped.retry(onlyIo).apply(texts("x"));
    assertThat(textsOf(out.stream().filter(p -> !p.isOutOfBand()).toList())).containsExactly("x");
    assertThat(attempts).hasValue(2);
  }

  @Test
  void aRetryInterruptedWhileWaitingCancelsAndKeepsTheInterrupt() throws Exception {
    VirtualClock clock = Clock.virtual();
    RetryPolicy policy =
        RetryPolicy.builder().initialDelay(Duration.ofSeconds(1)).jitter(0).clock(clock).build();
    PartProcessor fails =
        (part, out) -> {
          throw new IllegalStateException("down");
        };
    PartProcessor retried = fails.retry(policy);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    retried.process(ProcessorPart.text("x"), p -> {});
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                  stillInterrupted.set(Thread.currentThread().isInterrupted());
                });
    clock.awaitSleepers(1);
    caller.interrupt();
    caller.join();
    assertThat(thrown.get())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("waiting to retry");
    assertThat(stillInterrupted).isTrue();
  }

  @Test
  void aStreamProcessorsTimeoutMustBePositive() {
    Processor stream = (in, out) -> in.forEach(out::emit);
    assertThatThrownBy(() -> stream.timeout(Duration.ZERO, Clock.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("timeout");
  }

  @Test
  void aTimedOutCallLeavesItsCallerUninterrupted() throws Exception {
    VirtualClock clock = Clock.virtual();
    PartProcessor sleeps = (part, out) -> clock.sleep(Duration.ofMinutes(1));
    PartProcessor limited = sleeps.timeout(Duration.ofSeconds(1), clock);
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicBoolean interruptedAfter = new AtomicBoolean(true);
    Thread caller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    limited.process(ProcessorPart.text("x"), p -> {});
                  } catch (Throwable t) {
                    thrown.set(t);
                  }
                  interruptedAfter.set(Thread.currentThread().isInterrupted());
                });
    clock.awaitSleepers(2); // the call and its watchdog
    clock.advance(Duration.ofSeconds(1));
    caller.join();
    assertThat(thrown.get()).isInstanceOf(ProcessorTimeoutException.class);
    assertThat(interruptedAfter).isFalse();
  }

  @Test
  void routingByAnyMimeTypeTakesEveryPartAndABadPatternIsRefused() {
    PartProcessor upper = (part, out) -> out.emitText(part.text().orElseThrow().toUpperCase());
    Processor all = Processors.route().whenMimeType("*", upper).build();
    assertThat(textsOf(all.apply(texts("a", "b")))).containsExactly("A", "B");
    assertThatThrownBy(() -> Processors.route().whenMimeType("text", upper))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'text'");
  }

  @Test
  void theOutOfBandLaneIsTheReservedSubstreamsOfTheRun() {
    RunOptions defaults = RunOptions.defaults();
    assertThat(defaults.isOutOfBand(ProcessorPart.status("working"))).isTrue();
    assertThat(defaults.isOutOfBand(ProcessorPart.text("data"))).isFalse();
    RunOptions telemetry = defaults.withReservedSubstreams(Set.of("telemetry"));
    assertThat(telemetry.isOutOfBand(ProcessorPart.text("t").withSubstream("telemetry.cpu")))
        .isTrue();
    assertThat(telemetry.isOutOfBand(ProcessorPart.status("working"))).isFalse();
    assertThatThrownBy(() -> defaults.withReservedSubstreams(Set.of("")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
  }

  @Test
  void onceARunHasEndedItsQueuedInputRefusesMorePartsWithoutTheRunBeingClosed() {
    PartQueue input = PartQueue.create(1);
    Processor firstOnly = (in, out) -> out.emit(in.next());
    ProcessorRun run = firstOnly.start(input);
    input.putText("0");
    assertThat(textsOf(run.toList())).containsExactly("0");
    List<Throwable> refused = new ArrayList<>();
    // Capacity 1: a run that left its input open would block this loop forever.
    try {
      for (int i = 0; i < 3; i++) {
        input.putText("late " + i);
      }
    } catch (CancellationException e) {
      refused.add(e);
    }
    assertThat(refused).hasSize(1);
    run.close();
  }
}
