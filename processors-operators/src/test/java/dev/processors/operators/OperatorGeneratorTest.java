package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The validation loop against the fake OpenAI server, through the real SDK. */
@Timeout(60)
class OperatorGeneratorTest {
  private static final String INVALID_SPEC =
      "{\"kind\":\"accumulate\",\"description\":\"average\",\"code\":\"def func(acc, v, p): ...\"}";
  private static final String NOT_COMPILING =
      Specs.AVERAGE_CEL.replace("acc.count + 1", "acc.count + value.price");

  private final FakeOpenAiServer fake = FakeOpenAiServer.start();
  private final SpecModel model =
      OperatorModels.openAi("gpt-test", "test-key", Optional.of(fake.baseUrl()));
  private final VirtualClock clock = Clock.virtual();

  @AfterEach
  void close() {
    model.close();
    fake.close();
  }

  private static FakeTurn answer(String json) {
    return FakeTurn.builder().json(json, 3).build();
  }

  /** Every text the request sends, in order. */
  private static List<String> texts(RecordedRequest request) {
    List<String> out = new ArrayList<>();
    collect(request.json(), out);
    return out;
  }

  private static void collect(JsonNode node, List<String> out) {
    if (node.isObject()) {
      for (String field : List.of("text", "instructions")) {
        JsonNode text = node.get(field);
        if (text != null && text.isTextual()) {
          out.add(text.asText());
        }
      }
      node.fields().forEachRemaining(e -> collect(e.getValue(), out));
    } else if (node.isArray()) {
      node.forEach(n -> collect(n, out));
    }
  }

  /** Runs generate on another thread and walks the virtual clock through its backoffs. */
  private GeneratedOperator generateWalkingTheClock(OperatorGenerator generator, int backoffs)
      throws Exception {
    CompletableFuture<GeneratedOperator> result =
        CompletableFuture.supplyAsync(
            () -> generator.generate("accumulate the average price for XYZ"));
    for (int i = 0; i < backoffs; i++) {
      clock.advanceToNextDeadline();
    }
    return result.get();
  }

  @Test
  void threeAttemptsFeedTheExactErrorsBackUntilTheSpecIsValid() throws Exception {
    fake.enqueue(answer(INVALID_SPEC), answer(NOT_COMPILING), answer(Specs.AVERAGE_CEL));
    List<Attempt> seen = new CopyOnWriteArrayList<>();
    OperatorGenerator generator =
        OperatorGenerator.builder()
            .model(model)
            .clock(clock)
            .random(new SplittableRandom(1))
            .onAttempt(seen::add)
            .build();

    GeneratedOperator generated = generateWalkingTheClock(generator, 2);

    List<Attempt> attempts = generated.attempts();
    assertThat(attempts).hasSize(3).isEqualTo(seen);
    assertThat(attempts.get(0).error().orElseThrow())
        .startsWith("the answer does not match the operator spec schema")
        .contains("code")
        .contains("name");
    assertThat(attempts.get(1).error().orElseThrow())
        .startsWith("the spec does not compile")
        .contains("found no matching overload for '_+_' applied to '(int, double)'");
    assertThat(attempts.get(2).accepted()).isTrue();
    assertThat(generated.operator().name()).isEqualTo("average_price");

    List<RecordedRequest> requests = fake.requests();
    assertThat(requests).hasSize(3);
    assertThat(requests.get(0).json().at("/text/format/type").asText()).isEqualTo("json_schema");
    List<String> second = texts(requests.get(1));
    assertThat(second)
        .contains(
            "Your spec was rejected, "
                + attempts.get(0).error().orElseThrow()
                + "\nAnswer again with a corrected spec.");
    List<String> third = texts(requests.get(2));
    assertThat(third)
        .contains(
            "Your spec was rejected, "
                + attempts.get(0).error().orElseThrow()
                + "\nAnswer again with a corrected spec.")
        .contains(
            "Your spec was rejected, "
                + attempts.get(1).error().orElseThrow()
                + "\nAnswer again with a corrected spec.")
        .anySatisfy(t -> assertThat(t).contains("acc.count + value.price")); // its own answer

    // exponential backoff with jitter: [250, 500] ms, then [500, 1000] ms
    assertThat(attempts.get(0).backoff()).isBetween(Duration.ofMillis(250), Duration.ofMillis(500));
    assertThat(attempts.get(1).backoff())
        .isBetween(Duration.ofMillis(500), Duration.ofMillis(1000));
    assertThat(clock.nanoTime())
        .isEqualTo(attempts.get(0).backoff().plus(attempts.get(1).backoff()).toNanos());
  }

  @Test
  void theLoopStopsWithATypedErrorWhenTheAttemptsRunOut() throws Exception {
    fake.enqueue(answer(NOT_COMPILING), answer(NOT_COMPILING));
    OperatorGenerator generator =
        OperatorGenerator.builder().model(model).clock(clock).maxAttempts(2).build();
    CompletableFuture<GeneratedOperator> result =
        CompletableFuture.supplyAsync(() -> generator.generate("average"));
    clock.advanceToNextDeadline();
    OperatorGenerationException e =
        catchThrowableOfType(java.util.concurrent.ExecutionException.class, result::get).getCause()
                instanceof OperatorGenerationException g
            ? g
            : null;
    assertThat(e).isNotNull();
    assertThat(e.attempts()).hasSize(2).noneMatch(Attempt::accepted);
    assertThat(e.getMessage()).startsWith("no valid operator after 2 attempts");
    assertThat(e.attempts().get(1).backoff()).isZero();
  }

  @Test
  void aRefusalEndsTheLoopAtOnce() {
    fake.enqueue(FakeTurn.httpError(401, "invalid api key"));
    OperatorGenerator generator = OperatorGenerator.builder().model(model).clock(clock).build();
    OperatorGenerationException e =
        catchThrowableOfType(
            OperatorGenerationException.class, () -> generator.generate("average"));
    assertThat(e.attempts()).hasSize(1);
    assertThat(e.getMessage()).startsWith("the model refused the request");
    assertThat(e.getCause()).isInstanceOf(ModelCallException.class);
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void aBuiltinNeedsNoGeneratedLogic() {
    fake.enqueue(answer(Specs.AVERAGE_BUILTIN));
    GeneratedOperator generated =
        OperatorGenerator.builder().model(model).clock(clock).build().generate("average price");
    assertThat(generated.attempts()).hasSize(1);
    assertThat(generated.operator().spec().builtin()).isPresent();
    assertThat(texts(fake.requests().get(0)))
        .anySatisfy(t -> assertThat(t).contains("Request: average price"))
        .anySatisfy(t -> assertThat(t).contains("value.price (double)"));
  }
}
