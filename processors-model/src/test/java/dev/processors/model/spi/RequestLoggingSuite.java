package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a model logs through {@code System.Logger} (here its default backend, java.util.logging),
 * against a provider's fake: with request logging on, the request, its HTTP headers and the
 * response are logged, and the API key appears nowhere, not even where the user's own text repeats
 * it; without it, only short lines without bodies. A provider's test extends it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class RequestLoggingSuite {
  /** The key every model here is built with. */
  protected static final String KEY = "sk-logging-SECRET-7777";

  private final Logger logger = Logger.getLogger(ModelLog.NAME);
  private final List<String> logged = new CopyOnWriteArrayList<>();
  private final Handler capture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          logged.add(r.getLevel() + " " + r.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };
  private Level levelBefore;
  private FakeModelServer fake;

  /** Starts this provider's fake server. */
  protected abstract FakeModelServer startFake();

  /** This provider's model against {@code baseUrl} with {@link #KEY}, logging as asked. */
  protected abstract AutoCloseable buildModel(
      String baseUrl, RetryPolicy retries, boolean logRequestsAndResponses);

  @BeforeEach
  void capture() {
    levelBefore = logger.getLevel();
    logger.setLevel(Level.ALL);
    logger.addHandler(capture);
    fake = startFake();
  }

  @AfterEach
  void release() {
    logger.removeHandler(capture);
    logger.setLevel(levelBefore);
    fake.close();
  }

  private static RetryPolicy twice() {
    return RetryPolicy.builder()
        .maxAttempts(2)
        .initialDelay(Duration.ZERO)
        .maxDelay(Duration.ZERO)
        .jitter(0)
        .build();
  }

  private List<ProcessorPart> ask(boolean log, String question) throws Exception {
    try (AutoCloseable model = buildModel(fake.baseUrl(), twice(), log)) {
      return ((Processor) model).apply(List.of(ProcessorPart.text(question)));
    }
  }

  @Test
  void withRequestLoggingTheRequestHeadersAndResponseAreLoggedButNeverTheKey() throws Exception {
    fake.enqueue(FakeTurn.httpError(503, "busy"), FakeTurn.text("Sunny ", "in Paris."));
    ask(true, "Weather in Paris? My key is " + KEY + ", do not repeat it.");
    String all = String.join("\n", logged);
    assertThat(all).contains("Weather in Paris?").contains("Sunny in Paris.");
    assertThat(all).containsPattern("(?i)http POST .*127\\.0\\.0\\.1");
    assertThat(all).containsPattern("(?i)(authorization|x-goog-api-key): \\*\\*\\*");
    assertThat(all).contains("retrying");
    assertThat(all).doesNotContain(KEY).doesNotContain("SECRET-7777");
  }

  @Test
  void withoutRequestLoggingOnlyShortDebugLinesAreLogged() throws Exception {
    fake.enqueue(FakeTurn.text("Sunny."));
    ask(false, "Weather in Paris?");
    assertThat(logged).isNotEmpty().allMatch(line -> line.startsWith("FINE "));
    String all = String.join("\n", logged);
    assertThat(all).contains("request sent").contains("stream ended");
    assertThat(all).doesNotContain("Weather in Paris?").doesNotContain("Sunny.");
  }
}
