package dev.processors.model.spi;

import static dev.processors.model.spi.WireReplay.attempts;
import static dev.processors.model.spi.WireReplay.fixtureText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.core.SignalKind;
import dev.processors.model.AuthenticationException;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.RateLimitException;
import dev.processors.model.TruncatedStreamException;
import dev.processors.model.spi.WireReplay.Answer;
import dev.processors.model.spi.WireReplay.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults on a provider's lean streamed-body path, played from recordings through its real SDK:
 * errors stay typed as on the SDK path, and a stream that stops without its end-of-stream event is
 * a retryable {@link TruncatedStreamException}, never a normal end. A provider's test extends it
 * and names its reader paths.
 *
 * @param <P> the provider's enumeration of reader paths
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LeanStreamFaultsSuite<P> {
  private static final Pattern EVENT_END = Pattern.compile("(?<=\\r\\n\\r\\n|\\n\\n)");

  /** The lean paths under test. */
  protected abstract Stream<P> leanPaths();

  /** The name of the wire fixture holding the complete recording of a plain text answer. */
  protected abstract String completeFixture(P lean);

  /**
   * After how many events of {@link #completeFixture} some text has come out (a mid-answer cut).
   */
  protected abstract int midAnswerEvents(P lean);

  /** A model processor on {@code path}, answered from {@code replay}. */
  protected abstract Processor model(P path, RetryPolicy retries, Answer... answers);

  /**
   * Recorded streams that report an error inside them: arguments (fixture name, SDK path, lean
   * path, the {@link ModelException} type expected on both).
   */
  protected abstract Stream<Arguments> inStreamErrors();

  /** The complete recording of a plain text answer on {@code lean}. */
  protected String complete(P lean) {
    return fixtureText(completeFixture(lean));
  }

  /** The first {@code n} events of {@code body}, ending cleanly at an event boundary. */
  protected static String firstEvents(String body, int n) {
    String[] events = EVENT_END.split(body);
    return String.join("", Arrays.copyOf(events, n));
  }

  /** {@code body} without its last event: the end-of-stream event of each recording. */
  protected static String withoutLastEvent(String body) {
    return firstEvents(body, EVENT_END.split(body).length - 1);
  }

  /** One generation on {@code path} with up to {@code attempts} attempts over {@code answers}. */
  protected Outcome run(P path, int attempts, Answer... answers) {
    return WireReplay.run(model(path, attempts(attempts), answers));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inStreamErrors")
  void anErrorReportedInsideTheStreamIsTypedAsOnTheSdkPath(
      String fixture, P sdk, P lean, Class<? extends ModelException> type) {
    Outcome viaSdk = run(sdk, 1, Answer.sse(fixtureText(fixture)));
    Outcome viaLean = run(lean, 1, Answer.sse(fixtureText(fixture)));
    assertThat(viaSdk.failure()).isInstanceOf(type);
    assertThat(viaLean.failure()).isInstanceOf(type);
    // The SDK path's model_version is the SDK's union toString (a known difference).
    assertThat(viaLean.comparableWithoutModelVersion())
        .isEqualTo(viaSdk.comparableWithoutModelVersion());
  }

  @ParameterizedTest
  @MethodSource("leanPaths")
  void errorStatusesAreStillTheSdksAndKeepRetryAfter(P lean) {
    byte[] error =
        "{\"error\":{\"message\":\"slow down\",\"type\":\"rate_limit_error\",\"code\":429,\"status\":\"RESOURCE_EXHAUSTED\"}}"
            .getBytes(StandardCharsets.UTF_8);
    Outcome limited =
        run(lean, 1, new Answer(429, "application/json", error, Map.of("Retry-After", "2")));
    assertThat(limited.failure()).isInstanceOf(RateLimitException.class);
    assertThat(((ModelException) limited.failure()).retryAfter()).contains(Duration.ofSeconds(2));
    Outcome refused = run(lean, 1, new Answer(401, "application/json", error, Map.of()));
    assertThat(refused.failure()).isInstanceOf(AuthenticationException.class);
  }

  @ParameterizedTest
  @MethodSource("leanPaths")
  void aStreamCutAtAnEventBoundaryIsATruncatedStreamNotAnAnswer(P lean) {
    Outcome out = run(lean, 1, Answer.sse(withoutLastEvent(complete(lean))));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("without");
    TruncatedStreamException e = (TruncatedStreamException) out.failure();
    assertThat(e.retryable()).isTrue();
    assertThat(e.statusCode()).hasValue(200);
    assertThat(out.parts()).noneMatch(p -> p.isSignal(SignalKind.GENERATION_COMPLETE));
  }

  @ParameterizedTest
  @MethodSource("leanPaths")
  void aStreamCutInsideAnEventIsATruncatedStream(P lean) {
    String body = complete(lean);
    Outcome out = run(lean, 1, Answer.sse(body.substring(0, body.length() - 5)));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("inside an event");
  }

  @ParameterizedTest
  @MethodSource("leanPaths")
  void successWithAnEmptyBodyIsATruncatedStream(P lean) {
    Outcome out = run(lean, 1, Answer.sse(new byte[0]));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("empty body");
    assertThat(out.parts()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("leanPaths")
  void successWithAnHtmlPageIsATruncatedStream(P lean) {
    byte[] page =
        "<html><body>Sign in to the network</body></html>".getBytes(StandardCharsets.UTF_8);
    Outcome out = run(lean, 1, new Answer(200, "text/html; charset=utf-8", page, Map.of()));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("text/html");
    assertThat(out.parts()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("leanPaths")
  void aCutStreamIsRetriedAndContinuesWithoutDuplicatingAnything(P lean) {
    String body = complete(lean);
    Outcome whole = run(lean, 1, Answer.sse(body));
    Outcome retried =
        run(lean, 2, Answer.sse(firstEvents(body, midAnswerEvents(lean))), Answer.sse(body));
    assertThat(retried.failure()).isNull();
    assertThat(ProcessorPart.textOf(retried.parts()))
        .isEqualTo(ProcessorPart.textOf(whole.parts()));
    ProcessorPart done = retried.parts().get(retried.parts().size() - 1);
    assertThat(done.metadata()).containsEntry(ModelParts.ATTEMPTS, 2L);
  }
}
