package dev.processors.gemini;

import dev.processors.core.RetryPolicy;
import dev.processors.model.spi.IncompleteAnswerSuite;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeModelServer;
import java.time.Duration;

/**
 * {@link IncompleteAnswerSuite} through the real GenAI SDK against {@link FakeGeminiServer} (the
 * terminal event is the chunk with {@code finishReason}).
 */
class CutStreamThroughFakeTest extends IncompleteAnswerSuite {
  @Override
  protected FakeModelServer startFake() {
    return FakeGeminiServer.start();
  }

  @Override
  protected AutoCloseable buildModel(String baseUrl, RetryPolicy retries, Duration readTimeout) {
    return GenaiModel.builder()
        .model("gemini-2.5-flash")
        .apiKey("test-key")
        .baseUrl(baseUrl)
        .retryPolicy(retries)
        .readTimeout(readTimeout)
        .build();
  }
}
