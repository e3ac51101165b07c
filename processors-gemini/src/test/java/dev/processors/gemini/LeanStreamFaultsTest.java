package dev.processors.gemini;

import static dev.processors.gemini.WireReplay.attempts;
import static dev.processors.gemini.WireReplay.fixtureText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.gemini.WireReplay.Answer;
import dev.processors.gemini.WireReplay.Outcome;
import dev.processors.gemini.WireReplay.Path;
import dev.processors.model.AuthenticationException;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.TruncatedStreamException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults on the lean streamed-body path: errors stay typed as on the SDK path, and a stream that
 * stops without its end-of-stream event (issue 12, item 1) is a retryable {@link
 * TruncatedStreamException}, never a normal end.
 */
class LeanStreamFaultsTest {
  private static final Pattern EVENT_END = Pattern.compile("(?<=\\r\\n\\r\\n|\\n\\n)");

  /** The complete recording of a plain text answer on each lean path. */
  static String complete(Path lean) {
    return switch (lean) {
      case GEMINI_LEAN -> fixtureText("gemini-text.sse");
      default -> throw new IllegalArgumentException(lean + " is not a lean path");
    };
  }

  /** The first {@code n} events of {@code body}, ending cleanly at an event boundary. */
  static String firstEvents(String body, int n) {
    String[] events = EVENT_END.split(body);
    return String.join("", java.util.Arrays.copyOf(events, n));
  }

  /** {@code body} without its last event: the end-of-stream event of each recording. */
  static String withoutLastEvent(String body) {
    return firstEvents(body, EVENT_END.split(body).length - 1);
  }

  static Outcome run(Path path, int attempts, Answer... answers) {
    return WireReplay.run(new WireReplay(answers).model(path, attempts(attempts)));
  }

  static Stream<Arguments> inStreamErrors() {
    return Stream.of(
        Arguments.of(
            "gemini-error.sse", Path.GEMINI_SDK, Path.GEMINI_LEAN, ServerErrorException.class));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inStreamErrors")
  void anErrorReportedInsideTheStreamIsTypedAsOnTheSdkPath(
      String fixture, Path sdk, Path lean, Class<? extends ModelException> type) {
    Outcome viaSdk = run(sdk, 1, Answer.sse(fixtureText(fixture)));
    Outcome viaLean = run(lean, 1, Answer.sse(fixtureText(fixture)));
    assertThat(viaSdk.failure()).isInstanceOf(type);
    assertThat(viaLean.failure()).isInstanceOf(type);
    assertThat(viaLean.comparable()).isEqualTo(viaSdk.comparable());
  }

  @ParameterizedTest
  @EnumSource(
      value = Path.class,
      names = {"GEMINI_LEAN"})
  void errorStatusesAreStillTheSdksAndKeepRetryAfter(Path lean) {
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
  @EnumSource(
      value = Path.class,
      names = {"GEMINI_LEAN"})
  void aStreamCutAtAnEventBoundaryIsATruncatedStreamNotAnAnswer(Path lean) {
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
  @EnumSource(
      value = Path.class,
      names = {"GEMINI_LEAN"})
  void aStreamCutInsideAnEventIsATruncatedStream(Path lean) {
    String body = complete(lean);
    Outcome out = run(lean, 1, Answer.sse(body.substring(0, body.length() - 5)));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("inside an event");
  }

  @ParameterizedTest
  @EnumSource(
      value = Path.class,
      names = {"GEMINI_LEAN"})
  void successWithAnEmptyBodyIsATruncatedStream(Path lean) {
    Outcome out = run(lean, 1, Answer.sse(new byte[0]));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("empty body");
    assertThat(out.parts()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Path.class,
      names = {"GEMINI_LEAN"})
  void successWithAnHtmlPageIsATruncatedStream(Path lean) {
    byte[] page =
        "<html><body>Sign in to the network</body></html>".getBytes(StandardCharsets.UTF_8);
    Outcome out = run(lean, 1, new Answer(200, "text/html; charset=utf-8", page, Map.of()));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("text/html");
    assertThat(out.parts()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(
      value = Path.class,
      names = {"GEMINI_LEAN"})
  void aCutStreamIsRetriedAndContinuesWithoutDuplicatingAnything(Path lean) {
    String body = complete(lean);
    Outcome whole = run(lean, 1, Answer.sse(body));
    int cutAfter = 2;
    Outcome retried = run(lean, 2, Answer.sse(firstEvents(body, cutAfter)), Answer.sse(body));
    assertThat(retried.failure()).isNull();
    assertThat(ProcessorPart.textOf(retried.parts()))
        .isEqualTo(ProcessorPart.textOf(whole.parts()));
    ProcessorPart done = retried.parts().get(retried.parts().size() - 1);
    assertThat(done.metadata()).containsEntry(ModelParts.ATTEMPTS, 2L);
  }
}
