package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ResilienceTest {

  /** Fails the first {@code failures} attempts with an IOException, then echoes its input. */
  private static Processor flaky(int failures, AtomicInteger attempts) {
    return (in, out) -> {
      List<ProcessorPart> input = in.toList();
      if (attempts.incrementAndGet() <= failures) {
        throw new IOException("connection reset");
      }
      input.forEach(out::emit);
    };
  }

  private static final class RetryLater extends RuntimeException implements RetryAfter {
    RetryLater() {
      super("429 too many requests");
    }

    @Override
    public Optional<Duration> retryAfter() {
      return Optional.of(Duration.ofSeconds(7));
    }
  }

  @Test
  void retryBacksOffExponentiallyOnTheClockThenSucceedsWithoutDuplicates() throws Exception {
    VirtualClock clock = Clock.virtual();
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(4)
            .initialDelay(Duration.ofMillis(100))
            .multiplier(2)
            .jitter(0)
            .clock(clock)
            .build();
    Processor robust = Processors.retry(flaky(2, attempts), policy);
    try (ProcessorRun run = robust.start(texts("a", "b"))) {
      assertThat(clock.advanceToNextDeadline()).isEqualTo(Duration.ofMillis(100).toNanos());
      assertThat(clock.advanceToNextDeadline()).isEqualTo(Duration.ofMillis(300).toNanos());
      List<ProcessorPart> out = run.toList();
      assertThat(textsOf(out.stream().filter(p -> !p.isOutOfBand()).toList()))
          .containsExactly("a", "b");
      assertThat(out.stream().filter(ProcessorPart::isOutOfBand).map(p -> p.text().orElseThrow()))
          .hasSize(2)
          .allSatisfy(t -> assertThat(t).contains("connection reset"));
    }
    assertThat(attempts).hasValue(3);
  }

  @Test
  void retryGivesUpAfterMaxAttemptsWithTheLastError() throws Exception {
    VirtualClock clock = Clock.virtual();
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy policy = RetryPolicy.builder().maxAttempts(2).jitter(0).clock(clock).build();
    try (ProcessorRun run = Processors.retry(flaky(5, attempts), policy).start(texts("a"))) {
      clock.advanceToNextDeadline();
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasMessageContaining("connection reset");
    }
    assertThat(attempts).hasValue(2);
  }

  @Test
  void retryNeverRepeatsAnAttemptThatAlreadyEmittedData() {
    AtomicInteger attempts = new AtomicInteger();
    Processor halfway =
        (in, out) -> {
          attempts.incrementAndGet();
          out.emitText("partial");
          throw new IOException("dropped mid-stream");
        };
    assertThatThrownBy(() -> Processors.retry(halfway, RetryPolicy.defaults()).apply("x"))
        .hasMessageContaining("dropped mid-stream");
    assertThat(attempts).hasValue(1);
  }

  @Test
  void retryHonoursRetryAfterAndTheErrorFilter() throws Exception {
    VirtualClock clock = Clock.virtual();
    AtomicInteger attempts = new AtomicInteger();
    Processor rateLimited =
        (in, out) -> {
          if (attempts.incrementAndGet() == 1) {
            throw new RetryLater();
          }
          out.emitText("ok");
        };
    RetryPolicy policy = RetryPolicy.builder().clock(clock).build();
    try (ProcessorRun run = Processors.retry(rateLimited, policy).start(texts("q"))) {
      assertThat(clock.advanceToNextDeadline()).isEqualTo(Duration.ofSeconds(7).toNanos());
      assertThat(textsOf(run.toList().stream().filter(p -> !p.isOutOfBand()).toList()))
          .containsExactly("ok");
    }
    RetryPolicy onlyIo = RetryPolicy.builder().retryOn(e -> e instanceof IOException).build();
    AtomicInteger bad = new AtomicInteger();
    Processor badRequest =
        (in, out) -> {
          bad.incrementAndGet();
          throw new IllegalArgumentException("400 bad request");
        };
    assertThatThrownBy(() -> Processors.retry(badRequest, onlyIo).apply("x"))
        .hasMessageContaining("400 bad request");
    assertThat(bad).hasValue(1);
  }

  @Test
  void retryDelaysStayWithinTheJitterBandAndTheCap() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .maxAttempts(10)
            .initialDelay(Duration.ofMillis(100))
            .maxDelay(Duration.ofSeconds(1))
            .jitter(0.2)
            .random(RandomGenerator.of("L64X128MixRandom"))
            .build();
    for (int i = 0; i < 200; i++) {
      long first = policy.delayAfter(1, new IOException()).toMillis();
      long fifth = policy.delayAfter(5, new IOException()).toMillis();
      assertThat(first).isBetween(80L, 120L);
      assertThat(fifth).isBetween(800L, 1200L); // 1600 capped at 1000, then ±20%
    }
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessageContaining("maxAttempts must be at least 1");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.5)).hasMessageContaining("jitter");
  }

  @Test
  void perPartRetryRetriesOnlyTheFailingPart() {
    AtomicInteger calls = new AtomicInteger();
    PartProcessor flakyOnB =
        (part, out) -> {
          if (part.text().orElseThrow().equals("b") && calls.incrementAndGet() == 1) {
            throw new IOException("blip");
          }
          out.emit(part);
        };
    RetryPolicy fast = RetryPolicy.builder().initialDelay(Duration.ZERO).jitter(0).build();
    List<ProcessorPart> out = Processors.retry(flakyOnB, fast).apply(texts("a", "b", "c"));
    assertThat(textsOf(out.stream().filter(p -> !p.isOutOfBand()).toList()))
        .containsExactly("a", "b", "c");
  }

  @Test
  void cacheServesIdenticalInputsAndExpiresOnTheClock() {
    VirtualClock clock = Clock.virtual();
    ProcessorCache cache =
        ProcessorCache.builder().expireAfterWrite(Duration.ofMinutes(1)).clock(clock).build();
    AtomicInteger calls = new AtomicInteger();
    Processor model =
        (in, out) -> {
          calls.incrementAndGet();
          for (ProcessorPart p : in) {
            out.emitText("answer to " + p.text().orElseThrow());
          }
        };
    Processor cached = Processors.cached(model, cache);
    assertThat(textsOf(cached.apply("q1"))).containsExactly("answer to q1");
    assertThat(textsOf(cached.apply("q1"))).containsExactly("answer to q1");
    assertThat(calls).hasValue(1);
    assertThat(textsOf(cached.apply("q2"))).containsExactly("answer to q2");
    assertThat(calls).hasValue(2);
    assertThat(cache.hits()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(2));
    cached.apply("q1");
    assertThat(calls).hasValue(3);
  }

  @Test
  void cacheDoesNotStoreFailures() {
    ProcessorCache cache = ProcessorCache.builder().build();
    AtomicInteger calls = new AtomicInteger();
    Processor failingOnce =
        (in, out) -> {
          in.toList();
          if (calls.incrementAndGet() == 1) {
            throw new IOException("down");
          }
          out.emitText("up");
        };
    Processor cached = Processors.cached(failingOnce, cache);
    assertThatThrownBy(() -> cached.apply("x")).hasMessageContaining("down");
    assertThat(textsOf(cached.apply("x"))).containsExactly("up");
    assertThat(textsOf(cached.apply("x"))).containsExactly("up");
    assertThat(calls).hasValue(2);
  }

  @Test
  void perPartCacheKeysOnThePart() {
    ProcessorCache cache = ProcessorCache.builder().maximumSize(10).build();
    AtomicInteger calls = new AtomicInteger();
    PartProcessor upper =
        (part, out) -> {
          calls.incrementAndGet();
          out.emitText(part.text().orElseThrow().toUpperCase());
        };
    List<ProcessorPart> out = Processors.cached(upper, cache).apply(texts("a", "b", "a", "a"));
    assertThat(textsOf(out)).containsExactly("A", "B", "A", "A");
    assertThat(calls).hasValue(2);
  }

  @Test
  void timeoutFailsASlowProcessorOnTheClockAndInterruptsIt() throws Exception {
    VirtualClock clock = Clock.virtual();
    AtomicInteger interrupted = new AtomicInteger();
    Processor hangs =
        (in, out) -> {
          out.emitText("started");
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            interrupted.incrementAndGet();
            throw e;
          }
        };
    try (ProcessorRun run =
        Processors.timeout(hangs.named("slow model"), Duration.ofSeconds(5), clock)
            .start(texts("x"))) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofSeconds(5));
      List<ProcessorPart> seen = new ArrayList<>();
      assertThatThrownBy(() -> run.forEach(seen::add))
          .isInstanceOf(ProcessorTimeoutException.class)
          .hasMessageContaining("stage 'slow model' failed: did not finish within PT5S");
    }
    assertThat(interrupted).hasValue(1);
  }

  @Test
  void timeoutLetsAFastProcessorFinish() {
    VirtualClock clock = Clock.virtual();
    Processor quick = Processors.mapText(t -> t + "!").asProcessor();
    assertThat(textsOf(Processors.timeout(quick, Duration.ofSeconds(1), clock).apply("hi")))
        .containsExactly("hi!");
    assertThat(clock.sleepers()).isZero();
  }

  @Test
  void errorsAsPartsTurnsAFailureIntoAStatusPartAndTheRunGoesOn() {
    Processor failing =
        ((PartProcessor)
                (part, out) -> {
                  if (part.text().orElseThrow().equals("bad")) {
                    throw new IllegalStateException("cannot handle bad");
                  }
                  out.emit(part);
                })
            .named("handler")
            .asProcessor();
    Processor safe = Processors.errorsAsParts(failing.andThen(Processors.passThrough()));
    List<ProcessorPart> out =
        safe.andThen(Processors.mapText(String::toUpperCase)).apply(texts("ok", "bad", "never"));
    assertThat(out).contains(ProcessorPart.text("OK"));
    ProcessorPart status =
        out.stream().filter(ProcessorPart::isOutOfBand).findFirst().orElseThrow();
    assertThat(status.substream()).isEqualTo(ProcessorPart.STATUS);
    assertThat(status.text().orElseThrow())
        .isEqualTo("error in 'handler': IllegalStateException: cannot handle bad");
    assertThat(status.metadata()).containsEntry("error", true).containsEntry("stage", "handler");
    assertThat(out).doesNotContain(ProcessorPart.text("NEVER"));
  }

  @Test
  void virtualClockWakesSleepersOnlyWhenTheirDeadlineComes() throws Exception {
    VirtualClock clock = Clock.virtual();
    List<Long> woke = java.util.Collections.synchronizedList(new ArrayList<>());
    Thread a = Thread.ofVirtual().start(() -> sleepAndRecord(clock, 30, woke));
    Thread b = Thread.ofVirtual().start(() -> sleepAndRecord(clock, 10, woke));
    clock.awaitSleepers(2);
    assertThat(clock.nextDeadline()).hasValue(Duration.ofMillis(10).toNanos());
    clock.advance(Duration.ofMillis(20));
    b.join();
    assertThat(woke).containsExactly(Duration.ofMillis(20).toNanos());
    assertThat(clock.sleepers()).isEqualTo(1);
    clock.advance(Duration.ofMillis(10));
    a.join();
    assertThat(woke).hasSize(2);
    assertThatThrownBy(() -> clock.advance(Duration.ofMillis(-1)))
        .hasMessageContaining("backwards");
  }

  private static void sleepAndRecord(VirtualClock clock, long millis, List<Long> woke) {
    try {
      clock.sleep(Duration.ofMillis(millis));
      woke.add(clock.nanoTime());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
