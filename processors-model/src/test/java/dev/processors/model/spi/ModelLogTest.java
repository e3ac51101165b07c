package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** What a model logs, line by line, with and without request logging. */
class ModelLogTest {
  private static final String KEY = "plain-key-SECRET-1234";

  private static ModelLog log(boolean traffic) {
    return new ModelLog(
        "acme",
        new TestModelBuilder()
            .model("m-1")
            .apiKey(KEY)
            .logRequestsAndResponses(traffic)
            .settings());
  }

  @Test
  void withRequestLoggingTheWholeRequestAndResponseAreLoggedAtInfoWithoutTheKey() {
    ModelLog log = log(true);
    assertThat(log.traffic()).isTrue();
    try (LogCapture c = new LogCapture(Level.ALL)) {
      log.requestSent(2, () -> "{\"q\":\"my key is " + KEY + "\"}");
      log.ended(2, () -> "text=\"Sunny\"");
      assertThat(c.lines())
          .containsExactly(
              "INFO acme m-1: request (attempt 2): {\"q\":\"my key is ***\"}",
              "INFO acme m-1: response (2 attempt(s)): text=\"Sunny\"");
    }
  }

  @Test
  void withoutRequestLoggingOnlyShortDebugLinesAndTheBodyIsNeverBuilt() {
    ModelLog log = log(false);
    assertThat(log.traffic()).isFalse();
    AtomicInteger built = new AtomicInteger();
    try (LogCapture c = new LogCapture(Level.ALL)) {
      log.requestSent(1, () -> "body" + built.incrementAndGet());
      log.http("POST", "http://127.0.0.1/v1", List.of("Authorization"), n -> "Bearer t");
      log.ended(3, () -> "summary" + built.incrementAndGet());
      assertThat(c.lines())
          .containsExactly(
              "FINE acme m-1: request sent (attempt 1)",
              "FINE acme m-1: stream ended after 3 attempt(s)");
    }
    assertThat(built).hasValue(0);
  }

  @Test
  void theHttpRequestLineAndHeadersAreLoggedWithCredentialsMasked() {
    Map<String, String> headers =
        Map.of("Authorization", "Bearer tok-abc", "x-goog-api-key", KEY, "Accept", "text/plain");
    try (LogCapture c = new LogCapture(Level.ALL)) {
      log(true)
          .http(
              "POST",
              "http://127.0.0.1:8080/v1/chat",
              List.of("Authorization", "x-goog-api-key", "Accept"),
              headers::get);
      assertThat(c.lines())
          .containsExactly(
              "INFO acme m-1: http POST http://127.0.0.1:8080/v1/chat"
                  + "\n  Authorization: ***"
                  + "\n  x-goog-api-key: ***"
                  + "\n  Accept: text/plain");
    }
  }

  @Test
  void aRetriedFailureIsInfoAndAFinalOneIsDebug() {
    ModelLog log = log(false);
    try (LogCapture c = new LogCapture(Level.ALL)) {
      log.failed(1, new RateLimitException("acme", "HTTP 429: slow down", 429, null, null), true);
      log.failed(2, new ServerErrorException("acme", "HTTP 503", 503, null, null), false);
      assertThat(c.lines()).hasSize(2);
      assertThat(c.lines().get(0))
          .startsWith("INFO acme m-1: attempt 1 failed: RateLimitException (")
          .contains("slow down")
          .endsWith("); retrying");
      assertThat(c.lines().get(1))
          .startsWith("FINE acme m-1: attempt 2 failed: ServerErrorException (")
          .endsWith("); giving up");
    }
  }

  @Test
  void nothingBelowTheLoggersLevelIsLogged() {
    try (LogCapture c = new LogCapture(Level.INFO)) {
      ModelLog log = log(false);
      log.requestSent(1, () -> "");
      log.ended(1, () -> "");
      log.failed(1, new ServerErrorException("acme", "HTTP 503", 503, null, null), false);
      assertThat(c.lines()).isEmpty();
      log.failed(1, new ServerErrorException("acme", "HTTP 503", 503, null, null), true);
      assertThat(c.lines()).hasSize(1);
    }
  }
}
