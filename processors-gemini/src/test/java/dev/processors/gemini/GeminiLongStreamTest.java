package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorPart;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Outcome;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read timeout bounds the silence between chunks, not the length of an answer: a stream that
 * keeps sending lives on past it, on both readers, through the fake server. (The pauses are a
 * fiftieth of the timeout: the read timeout runs on the system clock, and a loaded machine was seen
 * to stall a reader for over a second, so a busy machine does not turn them into a timeout.)
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GeminiLongStreamTest {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
  private static final Duration PAUSE = Duration.ofMillis(100);
  private static final int CHUNKS = 60;

  private final FakeGeminiServer fake = FakeGeminiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aStreamThatKeepsSendingOutlivesTheReadTimeout(boolean sdkParsing) {
    FakeTurn.Builder turn = FakeTurn.builder();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < CHUNKS; i++) {
      turn.text("w" + i + " ").stall(PAUSE);
      expected.append("w").append(i).append(' ');
    }
    fake.enqueue(turn.build());
    long start = System.nanoTime();
    Outcome out;
    try (GenaiModel model =
        GenaiModel.builder()
            .model("gemini-2.5-flash")
            .apiKey("test-key")
            .baseUrl(fake.baseUrl())
            .sdkParsing(sdkParsing)
            .readTimeout(READ_TIMEOUT)
            .retryPolicy(WireReplay.once())
            .build()) {
      out = WireReplay.run(model);
    }
    assertThat(out.failure()).isNull();
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo(expected.toString());
    // the premise: the whole answer took longer than one read timeout
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(READ_TIMEOUT);
  }
}
