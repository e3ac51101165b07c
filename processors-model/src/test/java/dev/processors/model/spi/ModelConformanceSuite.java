package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorCache;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import dev.processors.model.AuthenticationException;
import dev.processors.model.BadRequestException;
import dev.processors.model.FunctionCalling;
import dev.processors.model.MalformedStreamException;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.RateLimitException;
import dev.processors.model.ResumeMismatchException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.StructuredOutputException;
import dev.processors.model.ToolDeclaration;
import dev.processors.model.Tools;
import dev.processors.model.TransportException;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.Gate;
import dev.processors.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every model processor must show against its provider's wire-protocol fake: it
 * really streams, keeps order, cancels at once, retries what is worth retrying with backoff on a
 * virtual clock, types every fault, and never duplicates or loses output across a retry.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class ModelConformanceSuite {
  /** What a test may change about the model it gets. */
  public record Options(
      RetryPolicy retryPolicy,
      boolean resume,
      String responseSchema,
      List<ToolDeclaration> tools,
      ProcessorCache cache) {
    Options withRetry(RetryPolicy p) {
      return new Options(p, resume, responseSchema, tools, cache);
    }

    Options withResume(boolean r) {
      return new Options(retryPolicy, r, responseSchema, tools, cache);
    }

    Options withSchema(String s) {
      return new Options(retryPolicy, resume, s, tools, cache);
    }

    Options withTools(ToolDeclaration... t) {
      return new Options(retryPolicy, resume, responseSchema, List.of(t), cache);
    }

    Options withCache(ProcessorCache c) {
      return new Options(retryPolicy, resume, responseSchema, tools, c);
    }
  }

  public static final String API_KEY = "sk-conformance-SECRET-4242";
  public static final ToolDeclaration WEATHER =
      ToolDeclaration.of(
          "get_weather",
          "Current weather in a city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},"
              + "\"required\":[\"city\"]}");

  FakeModelServer fake;
  VirtualClock clock;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  /** Starts this provider's fake server. */
  protected abstract FakeModelServer startFake();

  /** Builds this provider's model against {@code baseUrl} with {@link #API_KEY}. */
  protected abstract AutoCloseable buildModel(String baseUrl, Options options);

  /** Whether the provider streams function-call arguments (OpenAI) or sends calls whole. */
  protected abstract boolean streamsArguments();

  @BeforeEach
  void startServer() {
    fake = startFake();
    clock = Clock.virtual();
  }

  @AfterEach
  void stopServer() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
    fake.close();
  }

  Options defaults() {
    return new Options(policy(3), true, null, List.of(), null);
  }

  RetryPolicy policy(int attempts) {
    return RetryPolicy.builder()
        .maxAttempts(attempts)
        .initialDelay(Duration.ofMillis(100))
        .maxDelay(Duration.ofSeconds(5))
        .multiplier(2)
        .jitter(0)
        .clock(clock)
        .build();
  }

  Processor model(Options options) {
    AutoCloseable m = buildModel(fake.baseUrl(), options);
    closeables.add(m);
    return (Processor) m;
  }

  Processor model() {
    return model(defaults());
  }

  static List<ProcessorPart> ask(String text) {
    return List.of(ProcessorPart.text(text));
  }

  static List<String> texts(List<ProcessorPart> parts) {
    List<String> out = new ArrayList<>();
    for (ProcessorPart p : parts) {
      if (p.isText() && p.substream().isEmpty()) {
        out.add(p.text().orElseThrow());
      }
    }
    return out;
  }

  /** The next part that is not a status part (providers may announce the response first). */
  static ProcessorPart nextOutput(Iterator<ProcessorPart> it) {
    ProcessorPart p = it.next();
    while (p.substream().equals(ProcessorPart.STATUS)) {
      p = it.next();
    }
    return p;
  }

  static Throwable failureOf(Processor model, List<ProcessorPart> input) {
    try {
      model.apply(input);
    } catch (ProcessorException e) {
      return e.getCause();
    }
    throw new AssertionError("expected the run to fail");
  }

  // ---- streaming and order -------------------------------------------------------------------

  @Test
  void firstPartReachesTheConsumerWhileTheFakeStillHoldsBackLaterEvents() throws Exception {
    Gate gate = Gate.create();
    fake.enqueue(FakeTurn.builder().text("Hello").awaitRelease(gate).text(", world").build());
    try (ProcessorRun run = model().start(ask("hi"))) {
      Iterator<ProcessorPart> it = run.iterator();
      ProcessorPart first = nextOutput(it);
      assertThat(first.text()).contains("Hello");
      assertThat(gate.passed()).as("the fake must still hold ', world' back").isZero();
      assertThat(gate.awaitWaiting(Duration.ofSeconds(5))).isTrue();
      gate.open();
      List<ProcessorPart> rest = new ArrayList<>();
      it.forEachRemaining(rest::add);
      assertThat(texts(rest)).containsExactly(", world");
    }
  }

  @Test
  void textDeltasArriveInOrderAsModelPartsOfOneUtterance() {
    FakeTurn.Builder turn = FakeTurn.builder();
    List<String> deltas = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      deltas.add("d" + i + " ");
      turn.text("d" + i + " ");
    }
    fake.enqueue(turn.usage(11, 40).build());
    List<ProcessorPart> out = model().apply(ask("count"));
    assertThat(texts(out)).containsExactlyElementsOf(deltas);
    String utterance = out.get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
    assertThat(out)
        .allSatisfy(
            p -> {
              assertThat(p.role()).isEqualTo(ProcessorPart.MODEL);
              assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains(utterance);
            });
    ProcessorPart last = out.get(out.size() - 1);
    assertThat(last.isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
    assertThat(last.metadata().get(ModelParts.USAGE))
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
        .containsEntry("input_tokens", 11L)
        .containsEntry("output_tokens", 40L);
    assertThat(last.metadata()).containsEntry(ModelParts.ATTEMPTS, 1L);
  }

  @Test
  void everyGenerationHasAFreshUtteranceId() {
    fake.enqueue(FakeTurn.text("one"), FakeTurn.text("two"));
    Processor m = model();
    String a = m.apply(ask("a")).get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
    String b = m.apply(ask("b")).get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void functionCallBecomesOneFunctionCallPartAfterTheTextBeforeIt() {
    fake.enqueue(
        FakeTurn.builder()
            .text("Let me check. ")
            .functionCall("call_42", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}", 4)
            .build());
    List<ProcessorPart> out = model(defaults().withTools(WEATHER)).apply(ask("Weather?"));
    List<ProcessorPart> main = out.stream().filter(p -> p.substream().isEmpty()).toList();
    assertThat(main.get(0).text()).contains("Let me check. ");
    assertThat(main.get(1).content())
        .isEqualTo(
            new Content.FunctionCall(
                "call_42", "get_weather", "{\"city\":\"Paris\",\"unit\":\"celsius\"}"));
    assertThat(main.get(2).isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
    List<ProcessorPart> partial =
        out.stream().filter(p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM)).toList();
    if (streamsArguments()) {
      assertThat(partial).isNotEmpty();
      assertThat(partial)
          .allSatisfy(
              p -> assertThat(p.metadataString(ModelParts.FUNCTION_NAME)).contains("get_weather"));
      assertThat(((Content.Json) partial.get(partial.size() - 1).content()).json())
          .isEqualTo("{\"city\":\"Paris\",\"unit\":\"celsius\"}");
    } else {
      assertThat(partial).isEmpty();
    }
  }

  /**
   * The arguments of the tool in {@link #aToolConversationCallsTheToolThenAnswersWithItsResult}.
   */
  record WeatherQuery(String city) {}

  @Test
  void aToolConversationCallsTheToolThenAnswersWithItsResult() throws Exception {
    Tools tools =
        Tools.builder()
            .add(
                "get_weather",
                "Current weather in a city",
                WeatherQuery.class,
                q -> Map.of("city", q.city(), "sky", "sunny"))
            .build();
    fake.enqueue(
        FakeTurn.builder()
            .text("Let me look. ")
            .functionCall("call_1", "get_weather", "{\"city\":\"Paris\"}", 3)
            .build(),
        FakeTurn.builder().text("It is sunny ").text("in Paris.").build());
    Processor agent =
        FunctionCalling.builder(
                model(defaults().withTools(tools.declarations().toArray(ToolDeclaration[]::new))),
                tools)
            .build();
    List<ProcessorPart> out = agent.apply("What's the weather in Paris?");

    List<ProcessorPart> data =
        out.stream().filter(p -> !p.isOutOfBand() && p.substream().isEmpty()).toList();
    assertThat(data)
        .anySatisfy(p -> assertThat(p.content()).isInstanceOf(Content.FunctionCall.class));
    assertThat(data)
        .anySatisfy(p -> assertThat(p.content()).isInstanceOf(Content.FunctionResponse.class));
    assertThat(ProcessorPart.textOf(data)).isEqualTo("Let me look. It is sunny in Paris.");

    assertThat(fake.awaitRequests(2, Duration.ofSeconds(5))).isTrue();
    List<RecordedRequest> requests = fake.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).json().toString()).contains("get_weather"); // the declaration
    assertThat(requests.get(1).json().toString())
        .contains("get_weather")
        .contains("sunny")
        .contains("Paris");
  }

  @Test
  void structuredOutputStreamsPartialJsonThenOneValidatedPart() {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
            + "\"days\":{\"type\":\"array\",\"items\":{\"type\":\"integer\"}}},"
            + "\"required\":[\"city\",\"days\"]}";
    fake.enqueue(FakeTurn.builder().json("{\"city\":\"Paris\",\"days\":[1,2,3]}", 6).build());
    List<ProcessorPart> out = model(defaults().withSchema(schema)).apply(ask("plan"));
    List<String> partial =
        out.stream()
            .filter(p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM))
            .map(p -> ((Content.Json) p.content()).json())
            .toList();
    assertThat(partial.size()).isGreaterThan(2);
    assertThat(partial).doesNotHaveDuplicates();
    assertThat(partial.get(partial.size() - 1)).isEqualTo("{\"city\":\"Paris\",\"days\":[1,2,3]}");
    List<ProcessorPart> finals =
        out.stream()
            .filter(p -> p.substream().isEmpty() && p.content() instanceof Content.Json)
            .toList();
    assertThat(finals).hasSize(1);
    assertThat(((Content.Json) finals.get(0).content()).json())
        .isEqualTo("{\"city\":\"Paris\",\"days\":[1,2,3]}");
    assertThat(finals.get(0).metadata()).containsEntry(ModelParts.SCHEMA_VALID, true);
    assertThat(texts(out)).as("structured output is not repeated as text").isEmpty();
  }

  @Test
  void structuredOutputThatBreaksTheSchemaFailsWithTheProblems() {
    String schema = "{\"type\":\"object\",\"required\":[\"city\"]}";
    fake.enqueue(FakeTurn.builder().json("{\"town\":\"Paris\"}", 2).build());
    Throwable failure = failureOf(model(defaults().withSchema(schema)), ask("plan"));
    assertThat(failure).isInstanceOf(StructuredOutputException.class);
    assertThat(((StructuredOutputException) failure).problems()).anyMatch(p -> p.contains("city"));
  }

  // ---- cancellation --------------------------------------------------------------------------

  @Test
  void closingTheRunMidStreamClosesTheConnectionAtOnce() throws Exception {
    Gate never = Gate.create();
    fake.enqueue(FakeTurn.builder().text("Hello").awaitRelease(never).text("never").build());
    ProcessorRun run = model().start(ask("hi"));
    assertThat(nextOutput(run.iterator()).text()).contains("Hello");
    long start = System.nanoTime();
    run.close();
    assertThat(fake.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
    long tookMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(tookMillis).as("generous bound on a noisy machine").isLessThan(3000);
    assertThat(never.passed()).isZero();
  }

  @Test
  void interruptingTheStageEndsTheCallWithCancellation() throws Exception {
    Gate never = Gate.create();
    fake.enqueue(FakeTurn.builder().text("Hello").awaitRelease(never).text("never").build());
    Processor m = model();
    List<ProcessorPart> seen = new CopyOnWriteArrayList<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread stage =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    m.process(PartStream.of(ask("hi")), seen::add);
                  } catch (Throwable t) {
                    failure.set(t);
                  }
                });
    assertThat(never.awaitWaiting(Duration.ofSeconds(10))).isTrue();
    while (seen.isEmpty()) {
      Thread.onSpinWait();
    }
    stage.interrupt();
    stage.join(5000);
    assertThat(stage.isAlive()).isFalse();
    assertThat(failure.get()).isInstanceOf(CancellationException.class);
    assertThat(fake.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
    assertThat(fake.requests()).hasSize(1);
  }

  // ---- retries -------------------------------------------------------------------------------

  @Test
  void rateLimitIsRetriedAfterTheServersRetryAfterThenSucceeds() throws Exception {
    fake.enqueue(FakeTurn.httpError(429, "slow down", Duration.ofSeconds(3)), FakeTurn.text("ok"));
    try (ProcessorRun run = model().start(ask("hi"))) {
      clock.awaitSleepers(1);
      assertThat(clock.nextDeadline().orElseThrow()).isEqualTo(Duration.ofSeconds(3).toNanos());
      assertThat(fake.requests()).hasSize(1);
      clock.advance(Duration.ofSeconds(3));
      List<ProcessorPart> out = run.toList();
      assertThat(texts(out)).containsExactly("ok");
      assertThat(out.get(out.size() - 1).metadata()).containsEntry(ModelParts.ATTEMPTS, 2L);
    }
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void serverErrorsAreRetriedWithExponentialBackoff() throws Exception {
    fake.enqueue(
        FakeTurn.httpError(503, "overloaded"),
        FakeTurn.httpError(500, "oops"),
        FakeTurn.text("fine"));
    try (ProcessorRun run = model().start(ask("hi"))) {
      clock.awaitSleepers(1);
      assertThat(clock.nextDeadline().orElseThrow()).isEqualTo(Duration.ofMillis(100).toNanos());
      clock.advance(Duration.ofMillis(100));
      clock.awaitSleepers(1);
      assertThat(clock.nextDeadline().orElseThrow()).isEqualTo(Duration.ofMillis(300).toNanos());
      clock.advance(Duration.ofMillis(200));
      assertThat(texts(run.toList())).containsExactly("fine");
    }
    assertThat(fake.requests()).hasSize(3);
  }

  @Test
  void retriesStopAfterMaxAttemptsWithTheTypedError() throws Exception {
    fake.enqueue(
        FakeTurn.httpError(429, "quota", Duration.ofSeconds(1)),
        FakeTurn.httpError(429, "quota", Duration.ofSeconds(1)));
    try (ProcessorRun run = model(defaults().withRetry(policy(2))).start(ask("hi"))) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofSeconds(1));
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .cause()
          .isInstanceOf(RateLimitException.class)
          .satisfies(
              e -> {
                RateLimitException r = (RateLimitException) e;
                assertThat(r.statusCode()).hasValue(429);
                assertThat(r.retryAfter()).contains(Duration.ofSeconds(1));
                assertThat(r.retryable()).isTrue();
              });
    }
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void nothingIsDuplicatedOrLostWhenAStreamDropsAndIsRetried() throws Exception {
    fake.enqueue(
        FakeTurn.builder().text("Hello").text(", wor").dropConnection().build(),
        FakeTurn.builder().text("Hel").text("lo, world").text("!").build());
    try (ProcessorRun run = model().start(ask("hi"))) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofMillis(100));
      List<ProcessorPart> out = run.toList();
      assertThat(String.join("", texts(out))).isEqualTo("Hello, world!");
      assertThat(texts(out)).containsExactly("Hello", ", wor", "ld", "!");
      assertThat(out.stream().map(p -> p.metadata().get(PlaybackTracker.UTTERANCE_ID)).distinct())
          .hasSize(1);
      assertThat(
              out.stream()
                  .filter(p -> p.isOutOfBand() && p.substream().equals(ProcessorPart.DEBUG)))
          .as("the retry is reported on the debug substream")
          .singleElement()
          .satisfies(p -> assertThat(p.text().orElseThrow()).contains("retrying"));
    }
    assertThat(fake.requests()).hasSize(2);
  }

  @Test
  void functionCallsAreNotRepeatedWhenARetryReplaysThem() throws Exception {
    fake.enqueue(
        FakeTurn.builder()
            .functionCall("call_1", "get_weather", "{\"city\":\"Paris\"}", 2)
            .text("Checking")
            .errorEvent(503, "overloaded")
            .build(),
        FakeTurn.builder()
            .functionCall("call_9", "get_weather", "{\"city\":\"Paris\"}", 2)
            .text("Checking")
            .text(" done")
            .build());
    try (ProcessorRun run = model(defaults().withTools(WEATHER)).start(ask("hi"))) {
      clock.awaitSleepers(1);
      clock.advance(Duration.ofMillis(100));
      List<ProcessorPart> out = run.toList();
      List<ProcessorPart> calls =
          out.stream().filter(p -> p.content() instanceof Content.FunctionCall).toList();
      assertThat(calls).hasSize(1);
      assertThat(((Content.FunctionCall) calls.get(0).content()).id()).isEqualTo("call_1");
      assertThat(texts(out)).containsExactly("Checking", " done");
    }
  }

  @Test
  void aRetryThatDivergesFailsWithoutEmittingAnythingMore() throws Exception {
    fake.enqueue(
        FakeTurn.builder().text("Hello").dropConnection().build(),
        FakeTurn.builder().text("Goodbye").text(" all").build());
    List<ProcessorPart> seen = new ArrayList<>();
    try (ProcessorRun run = model().start(ask("hi"))) {
      Iterator<ProcessorPart> it = run.iterator();
      seen.add(it.next());
      clock.awaitSleepers(1);
      clock.advance(Duration.ofMillis(100));
      assertThatThrownBy(() -> it.forEachRemaining(seen::add))
          .isInstanceOf(ProcessorException.class)
          .cause()
          .isInstanceOf(ResumeMismatchException.class)
          .hasCauseInstanceOf(TransportException.class);
    }
    assertThat(texts(seen)).containsExactly("Hello");
  }

  @Test
  void withoutResumeAFailureAfterOutputIsNotRetried() {
    fake.enqueue(
        FakeTurn.builder().text("Hello").dropConnection().build(), FakeTurn.text("unused"));
    Throwable failure = failureOf(model(defaults().withResume(false)), ask("hi"));
    assertThat(failure).isInstanceOf(TransportException.class);
    assertThat(fake.requests()).hasSize(1);
  }

  // ---- typed faults --------------------------------------------------------------------------

  @Test
  void refusedKeyIsAnAuthenticationErrorAndNotRetried() {
    fake.enqueue(FakeTurn.httpError(401, "invalid key"));
    Throwable failure = failureOf(model(), ask("hi"));
    assertThat(failure).isInstanceOf(AuthenticationException.class);
    assertThat(((ModelException) failure).retryable()).isFalse();
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void rejectedRequestIsABadRequestError() {
    fake.enqueue(FakeTurn.httpError(400, "model not supported"));
    Throwable failure = failureOf(model(), ask("hi"));
    assertThat(failure).isInstanceOf(BadRequestException.class).hasMessageContaining("400");
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void malformedEventIsAMalformedStreamError() {
    fake.enqueue(FakeTurn.builder().text("ok").malformedEvent().build());
    Throwable failure = failureOf(model(), ask("hi"));
    assertThat(failure).isInstanceOf(MalformedStreamException.class);
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void inStreamErrorEventIsTypedByItsCode() {
    fake.enqueue(FakeTurn.builder().text("ok").errorEvent(503, "overloaded").build());
    Throwable failure = failureOf(model(defaults().withRetry(policy(1))), ask("hi"));
    assertThat(failure).isInstanceOf(ServerErrorException.class).hasMessageContaining("overloaded");
  }

  @Test
  void droppedStreamIsATransportError() {
    fake.enqueue(FakeTurn.builder().text("ok").dropConnection().build());
    Throwable failure = failureOf(model(defaults().withRetry(policy(1))), ask("hi"));
    assertThat(failure).isInstanceOf(TransportException.class);
    assertThat(((ModelException) failure).retryable()).isTrue();
  }

  @Test
  void emptyInputIsABadRequestWithoutAnyCall() {
    Throwable failure = failureOf(model(), List.of(ProcessorPart.endOfTurn()));
    assertThat(failure).isInstanceOf(BadRequestException.class).hasMessageContaining("no user");
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void apiKeyNeverAppearsInToStringOrErrors() {
    fake.enqueue(FakeTurn.httpError(401, "invalid key"), FakeTurn.httpError(400, "bad"));
    Processor m = model(defaults().withRetry(policy(1)));
    assertThat(m.toString()).doesNotContain(API_KEY).contains("model=");
    for (int i = 0; i < 2; i++) {
      Throwable failure = failureOf(m, ask("hi"));
      for (Throwable t = failure; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).doesNotContain(API_KEY);
        assertThat(t.toString()).doesNotContain(API_KEY);
      }
    }
  }

  // ---- caching -------------------------------------------------------------------------------

  @Test
  void identicalRequestsAreServedFromTheCacheWithAFreshUtteranceId() {
    fake.enqueue(FakeTurn.text("cached", " answer"), FakeTurn.text("other"));
    Processor m = model(defaults().withCache(ProcessorCache.builder().build()));
    List<ProcessorPart> first = m.apply(ask("same"));
    List<ProcessorPart> second = m.apply(ask("same"));
    assertThat(fake.requests()).hasSize(1);
    assertThat(texts(second)).containsExactly("cached", " answer");
    assertThat(second.get(0).metadata().get(PlaybackTracker.UTTERANCE_ID))
        .isNotEqualTo(first.get(0).metadata().get(PlaybackTracker.UTTERANCE_ID));
    assertThat(second.get(second.size() - 1).metadata()).containsEntry(ModelParts.CACHED, true);
    assertThat(texts(m.apply(ask("different")))).containsExactly("other");
    assertThat(fake.requests()).hasSize(2);
  }
}
