package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorCache;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelParts;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.TransportException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The provider-neutral half of every model: retries that continue without duplicating output, which
 * failures are retried, cancellation, the cache and the log, against a scripted backend.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ModelRunnerTest {
  private final ScriptedBackend backend = new ScriptedBackend();
  private final VirtualClock clock = VirtualClock.create();

  private static RetryPolicy noWait(int attempts) {
    return RetryPolicy.builder()
        .maxAttempts(attempts)
        .initialDelay(Duration.ZERO)
        .maxDelay(Duration.ZERO)
        .jitter(0)
        .build();
  }

  private TestModelBuilder settings(RetryPolicy retry) {
    return new TestModelBuilder().model("m-1").apiKey("key-SECRET-99").retryPolicy(retry);
  }

  private Processor model(TestModelBuilder settings) {
    ModelRunner<String> runner = new ModelRunner<>(backend, settings.settings());
    return runner::process;
  }

  private Processor model(RetryPolicy retry) {
    return model(settings(retry));
  }

  private static List<ProcessorPart> ask(String text) {
    return List.of(ProcessorPart.text(text));
  }

  private static List<String> texts(List<ProcessorPart> parts) {
    List<String> out = new ArrayList<>();
    for (ProcessorPart p : parts) {
      if (p.isText() && p.substream().isEmpty()) {
        out.add(p.text().orElseThrow());
      }
    }
    return out;
  }

  private static ProcessorPart completion(List<ProcessorPart> parts) {
    ProcessorPart last = parts.get(parts.size() - 1);
    assertThat(last.isSignal(SignalKind.GENERATION_COMPLETE)).as("last part: %s", last).isTrue();
    return last;
  }

  private static List<ProcessorPart> debugParts(List<ProcessorPart> parts) {
    return parts.stream().filter(p -> p.substream().equals(ProcessorPart.DEBUG)).toList();
  }

  private static Throwable failureOf(Processor model, List<ProcessorPart> input) {
    try {
      model.apply(input);
    } catch (ProcessorException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the run to fail");
  }

  @Test
  void aStreamThatEndsWellIsOneUtteranceEndedByACompleteSignalOfOneAttempt() {
    backend.then(ScriptedBackend.text("Hello, ", "world"));
    List<ProcessorPart> out = model(noWait(3)).apply(ask("hi"));
    assertThat(texts(out)).containsExactly("Hello, ", "world");
    assertThat(completion(out).metadata()).containsEntry(ModelParts.ATTEMPTS, 1L);
    String utterance = out.get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
    assertThat(utterance).startsWith("utt-").hasSizeGreaterThan(20);
    assertThat(out)
        .allSatisfy(
            p -> assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains(utterance));
    assertThat(backend.streamed()).containsExactly("USER: hi\n");
  }

  @Test
  void aRetryableFailureIsRetriedAndTheAnswerContinuesWithoutDuplicates() {
    backend
        .then(
            ScriptedBackend.textThenFail(
                new ServerErrorException("acme", "HTTP 503: busy", 503, null, null), "Hel"))
        .then(ScriptedBackend.text("He", "llo", "!"));
    List<ProcessorPart> out = model(noWait(3)).apply(ask("hi"));
    assertThat(texts(out)).containsExactly("Hel", "lo", "!");
    assertThat(completion(out).metadata()).containsEntry(ModelParts.ATTEMPTS, 2L);
    List<ProcessorPart> debug = debugParts(out);
    assertThat(debug).hasSize(1);
    assertThat(debug.get(0).text().orElseThrow())
        .startsWith("acme: attempt 1 of 3 failed (")
        .contains("HTTP 503: busy")
        .endsWith("); retrying");
    assertThat(debug.get(0).metadataString(PlaybackTracker.UTTERANCE_ID))
        .isEqualTo(out.get(0).metadataString(PlaybackTracker.UTTERANCE_ID));
    assertThat(backend.streamed()).hasSize(2);
  }

  @Test
  void aNonRetryableErrorIsThrownAtOnce() {
    BadRequestException bad = new BadRequestException("acme", "HTTP 400: no", 400, null, null);
    backend.then(ScriptedBackend.textThenFail(bad)).then(ScriptedBackend.text("never"));
    assertThat(failureOf(model(noWait(3)), ask("hi"))).isSameAs(bad);
    assertThat(backend.streamed()).hasSize(1);
    assertThat(backend.classified()).isEmpty();
  }

  @Test
  void retriesStopAfterMaxAttemptsWithTheLastTypedError() {
    RateLimitException first = new RateLimitException("acme", "HTTP 429", 429, null, null);
    RateLimitException second = new RateLimitException("acme", "HTTP 429 again", 429, null, null);
    backend
        .then(ScriptedBackend.textThenFail(first))
        .then(ScriptedBackend.textThenFail(second))
        .then(ScriptedBackend.text("never"));
    assertThat(failureOf(model(noWait(2)), ask("hi"))).isSameAs(second);
    assertThat(backend.streamed()).hasSize(2);
  }

  @Test
  void withoutResumeAFailureAfterOutputIsNotRetried() {
    ServerErrorException drop = new ServerErrorException("acme", "HTTP 500", 500, null, null);
    backend.then(ScriptedBackend.textThenFail(drop, "partial")).then(ScriptedBackend.text("x"));
    assertThat(failureOf(model(settings(noWait(3)).resumeAfterFailure(false)), ask("hi")))
        .isSameAs(drop);
    assertThat(backend.streamed()).hasSize(1);
  }

  @Test
  void withoutResumeAFailureBeforeAnyOutputIsStillRetried() {
    ServerErrorException drop = new ServerErrorException("acme", "HTTP 500", 500, null, null);
    backend.then(ScriptedBackend.textThenFail(drop)).then(ScriptedBackend.text("whole"));
    List<ProcessorPart> out = model(settings(noWait(3)).resumeAfterFailure(false)).apply(ask("hi"));
    assertThat(texts(out)).containsExactly("whole");
    assertThat(backend.streamed()).hasSize(2);
  }

  @Test
  void anSdkFailureIsTypedByTheBackendAndThenRetriedLikeAnyOther() {
    IOException reset = new IOException("connection reset");
    backend
        .then(ScriptedBackend.textThenFail(reset, "Hi"))
        .then(ScriptedBackend.text("Hi", " there"))
        .classifyWith(
            (t, call) -> new TransportException("acme", "dropped: " + t.getMessage(), -1, null, t));
    List<ProcessorPart> out = model(noWait(2)).apply(ask("hi"));
    assertThat(texts(out)).containsExactly("Hi", " there");
    assertThat(backend.classified()).containsExactly(reset);
    assertThat(debugParts(out).get(0).text().orElseThrow()).contains("dropped: connection reset");
  }

  @Test
  void aFailureTheBackendCannotTypeIsABugAndPropagatesAsItIs() {
    IllegalArgumentException bug = new IllegalArgumentException("bug in the adapter");
    backend.then(ScriptedBackend.textThenFail(bug, "a")).then(ScriptedBackend.text("never"));
    assertThat(failureOf(model(noWait(3)), ask("hi"))).isSameAs(bug);
    assertThat(backend.streamed()).hasSize(1);
    assertThat(backend.classified()).containsExactly(bug);
  }

  @Test
  void anAssertionErrorIsOfferedToTheBackendThenWrapped() {
    AssertionError failed = new AssertionError("test double said no");
    backend.then(ScriptedBackend.textThenFail(failed)).then(ScriptedBackend.text("never"));
    Throwable t = failureOf(model(noWait(3)), ask("hi"));
    assertThat(t).isInstanceOf(IllegalStateException.class).hasCause(failed);
    assertThat(backend.classified()).containsExactly(failed);
  }

  /** An error the JVM raises: never classified, never retried. */
  static final class Fatal extends Error {
    Fatal() {
      super("fatal");
    }
  }

  @Test
  void aJvmErrorPropagatesUntouchedWithoutRetry() {
    Fatal fatal = new Fatal();
    backend
        .then(ScriptedBackend.textThenFail(fatal))
        .then(ScriptedBackend.text("never"))
        .classifyWith((t, call) -> new ServerErrorException("acme", "would retry", 500, null, t));
    assertThat(failureOf(model(noWait(3)), ask("hi"))).isSameAs(fatal);
    assertThat(backend.streamed()).hasSize(1);
    assertThat(backend.classified()).isEmpty();
  }

  @Test
  void anInterruptedReadIsACancellationNotARetryableFailure() {
    backend
        .then(ScriptedBackend.textThenFail(new InterruptedIOException("interrupted"), "a"))
        .then(ScriptedBackend.text("never"))
        .classifyWith((t, call) -> new TransportException("acme", "would retry", -1, null, t));
    Throwable t = failureOf(model(noWait(3)), ask("hi"));
    assertThat(t).isInstanceOf(CancellationException.class);
    assertThat(t.getCause()).isInstanceOf(InterruptedIOException.class);
    assertThat(backend.streamed()).hasSize(1);
    assertThat(backend.classified()).isEmpty();
  }

  @Test
  void theRetryWaitsForThePolicysBackoffOnItsClock() throws Exception {
    RetryPolicy slow =
        RetryPolicy.builder()
            .maxAttempts(2)
            .initialDelay(Duration.ofSeconds(2))
            .jitter(0)
            .clock(clock)
            .build();
    backend
        .then(
            ScriptedBackend.textThenFail(
                new ServerErrorException("acme", "HTTP 503", 503, null, null), "a"))
        .then(ScriptedBackend.text("a", "b"));
    try (ProcessorRun run = model(slow).start(ask("hi"))) {
      clock.awaitSleepers(1);
      assertThat(backend.streamed()).hasSize(1);
      clock.advance(Duration.ofSeconds(2));
      assertThat(texts(run.toList())).containsExactly("a", "b");
    }
    assertThat(backend.streamed()).hasSize(2);
  }

  @Test
  void closingTheRunDuringTheBackoffEndsItWithoutAnotherAttempt() throws Exception {
    RetryPolicy slow =
        RetryPolicy.builder()
            .maxAttempts(3)
            .initialDelay(Duration.ofSeconds(5))
            .jitter(0)
            .clock(clock)
            .build();
    backend
        .then(
            ScriptedBackend.textThenFail(
                new ServerErrorException("acme", "HTTP 503", 503, null, null), "a"))
        .then(ScriptedBackend.text("never"));
    ProcessorRun run = model(slow).start(ask("hi"));
    clock.awaitSleepers(1);
    run.close();
    assertThat(run.isDone()).isTrue();
    assertThat(clock.sleepers()).isZero();
    assertThat(backend.streamed()).hasSize(1);
  }

  @Test
  void identicalRequestsAreServedFromTheCacheWithAFreshUtteranceAndMarkedCached() {
    backend.then(ScriptedBackend.text("cached", " answer")).then(ScriptedBackend.text("other"));
    Processor m = model(settings(noWait(1)).cache(ProcessorCache.builder().build()));
    List<ProcessorPart> first = m.apply(ask("same"));
    List<ProcessorPart> second = m.apply(ask("same"));
    assertThat(backend.streamed()).hasSize(1);
    assertThat(texts(first)).containsExactly("cached", " answer");
    assertThat(texts(second)).containsExactly("cached", " answer");
    assertThat(completion(first).metadata()).doesNotContainKey(ModelParts.CACHED);
    assertThat(completion(second).metadata()).containsEntry(ModelParts.CACHED, true);
    assertThat(second.get(0).metadata()).doesNotContainKey(ModelParts.CACHED);
    String id1 = first.get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
    String id2 = second.get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
    assertThat(id2).isNotEqualTo(id1).startsWith("utt-");
    assertThat(second)
        .allSatisfy(p -> assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains(id2));
    assertThat(texts(m.apply(ask("different")))).containsExactly("other");
    assertThat(backend.streamed()).hasSize(2);
  }

  @Test
  void aFailedGenerationIsNotCached() {
    ServerErrorException down = new ServerErrorException("acme", "HTTP 500", 500, null, null);
    backend.then(ScriptedBackend.textThenFail(down, "half")).then(ScriptedBackend.text("whole"));
    Processor m = model(settings(noWait(1)).cache(ProcessorCache.builder().build()));
    assertThat(failureOf(m, ask("same"))).isSameAs(down);
    assertThat(texts(m.apply(ask("same")))).containsExactly("whole");
    assertThat(backend.streamed()).hasSize(2);
  }

  @Test
  void eachAttemptAndItsEndAreLoggedWithoutTheKey() {
    backend
        .then(
            ScriptedBackend.textThenFail(
                new ServerErrorException("acme", "HTTP 503: busy", 503, null, null), "x"))
        .then(ScriptedBackend.text("x", "y"));
    try (LogCapture log = new LogCapture(Level.ALL)) {
      model(noWait(2)).apply(ask("hi"));
      assertThat(log.lines())
          .containsExactly(
              "FINE acme m-1: request sent (attempt 1)",
              "INFO acme m-1: attempt 1 failed: ServerErrorException ("
                  + messageOf503()
                  + "); retrying",
              "FINE acme m-1: request sent (attempt 2)",
              "FINE acme m-1: stream ended after 2 attempt(s)");
    }
  }

  private static String messageOf503() {
    return new ServerErrorException("acme", "HTTP 503: busy", 503, null, null).getMessage();
  }

  @Test
  void withRequestLoggingTheRequestAndTheAnswerAreLoggedWhole() {
    backend.then(ScriptedBackend.text("Sunny"));
    try (LogCapture log = new LogCapture(Level.ALL)) {
      model(settings(noWait(1)).logRequestsAndResponses(true)).apply(ask("Weather? key-SECRET-99"));
      assertThat(log.lines()).hasSize(2);
      assertThat(log.lines().get(0))
          .isEqualTo(
              "INFO acme m-1: request (attempt 1): " + backend.describe("USER: Weather? ***\n"));
      assertThat(log.lines().get(1))
          .startsWith("INFO acme m-1: response (1 attempt(s)): text=\"Sunny\"");
      assertThat(log.all()).doesNotContain("SECRET-99");
    }
  }
}
