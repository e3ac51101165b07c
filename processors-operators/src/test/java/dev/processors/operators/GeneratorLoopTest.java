package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The validation loop's rules, with a scripted spec model (answers and failures in order). */
@Timeout(30)
class GeneratorLoopTest {
  private static final String WRONG = Specs.expression("filter", "value.price * 2.0", "[]");
  private static final String EUROS =
      Specs.expression(
          "map",
          "value.price * params.rate",
          "[{\"name\":\"rate\",\"type\":\"double\",\"value\":1}]");

  private final VirtualClock clock = Clock.virtual();

  /** A model that plays a script: a string is an answer, an exception is thrown. */
  private static final class Scripted implements SpecModel {
    final Deque<Object> script;
    final List<List<ProcessorPart>> conversations = new CopyOnWriteArrayList<>();

    Scripted(Object... script) {
      this.script = new ArrayDeque<>(List.of(script));
    }

    @Override
    public String answer(List<ProcessorPart> conversation) {
      conversations.add(conversation);
      Object next = script.removeFirst();
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (String) next;
    }
  }

  private OperatorGenerator.Builder generator(SpecModel model) {
    return OperatorGenerator.builder()
        .model(model)
        .clock(clock)
        .compiler(OperatorCompiler.builder().build())
        .backoff(Duration.ZERO, Duration.ZERO);
  }

  @Test
  void withOneAttemptAWrongAnswerFailsAtOnce() {
    OperatorGenerationException e =
        catchThrowableOfType(
            OperatorGenerationException.class,
            () -> generator(new Scripted(WRONG)).maxAttempts(1).build().generate("x"));
    assertThat(e).hasMessageContaining("no valid operator after 1 attempts");
    assertThat(e.attempts()).hasSize(1);
    assertThatThrownBy(() -> OperatorGenerator.builder().maxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAttempts must be at least 1, got 0");
  }

  @Test
  void aRefusalIsReportedToTheListenerAndEndsTheLoop() {
    List<Attempt> seen = new ArrayList<>();
    Scripted model = new Scripted(new ModelCallException("bad key", false, null));
    assertThatThrownBy(() -> generator(model).onAttempt(seen::add).build().generate("x"))
        .isInstanceOf(OperatorGenerationException.class)
        .hasMessageContaining("the model refused the request");
    assertThat(seen).hasSize(1);
    assertThat(seen.get(0).error()).hasValueSatisfying(m -> assertThat(m).contains("bad key"));
  }

  @Test
  void aFailedCallSendsOnlyFeedbackWhileAWrongAnswerIsSentBackWithIt() {
    Scripted model =
        new Scripted(new ModelCallException("timeout", true, null), WRONG, Specs.AVERAGE_BUILTIN);
    GeneratedOperator op = generator(model).build().generate("x");
    assertThat(op.attempts()).hasSize(3);
    assertThat(model.conversations).extracting(List::size).containsExactly(2, 3, 5);
    assertThat(model.conversations.get(0).get(1).text()).hasValue("Request: x");
    List<ProcessorPart> last = model.conversations.get(2);
    assertThat(last.get(3).role()).isEqualTo(ProcessorPart.MODEL);
    assertThat(last.get(3).text()).hasValue(WRONG);
    assertThat(last.get(4).text().orElseThrow()).contains("has type double; expected bool");
  }

  @Test
  void aZeroBackoffMeansRetryingAtOnce() {
    GeneratedOperator op =
        generator(new Scripted(WRONG, WRONG, Specs.AVERAGE_BUILTIN))
            .backoff(Duration.ZERO, Duration.ofSeconds(8))
            .build()
            .generate("x");
    assertThat(op.attempts()).extracting(Attempt::backoff).containsOnly(Duration.ZERO);
  }

  @Test
  void parametersGivenToGenerateWinOverTheSpecsAndAreNamedInTheRequest() {
    Scripted model = new Scripted(EUROS);
    GeneratedOperator op = generator(model).build().generate("price in euros", Map.of("rate", 0.5));
    ProcessorPart tick =
        ProcessorPart.jsonOf(Map.of("symbol", "XYZ", "seq", 1, "price", 10.0, "volume", 1.0));
    Object out = OperatorCompilerTest.run(op.operator(), List.of(tick)).get(0);
    assertThat(((Content.Json) ((ProcessorPart) out).content()).node().get("result").asDouble())
        .isEqualTo(5.0);
    assertThat(model.conversations.get(0).get(1).text().orElseThrow())
        .contains("Request: price in euros")
        .contains("Parameters given by the user (use these names): {rate=0.5}");
    assertThat(model.conversations.get(0).get(0).text().orElseThrow())
        .contains(
            "value.symbol (string), value.seq (int), value.price (double), value.volume (double).");
  }

  @Test
  void anInterruptDuringTheBackoffEndsGenerationWithACancellation() throws Exception {
    OperatorGenerator g =
        generator(new Scripted(WRONG, WRONG))
            .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
            .build();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    g.generate("x");
                  } catch (RuntimeException e) {
                    ended.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                  }
                });
    clock.awaitSleepers(1);
    t.interrupt();
    t.join(Duration.ofSeconds(20));
    assertThat(ended.get())
        .isInstanceOf(CancellationException.class)
        .hasMessage("operator generation was interrupted");
    assertThat(flag.get()).isTrue();
  }
}
