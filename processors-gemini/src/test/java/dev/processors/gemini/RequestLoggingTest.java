package dev.processors.gemini;

import dev.processors.core.RetryPolicy;
import dev.processors.model.spi.RequestLoggingSuite;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeModelServer;

/** {@link RequestLoggingSuite} for {@link GenaiModel} against {@link FakeGeminiServer}. */
class RequestLoggingTest extends RequestLoggingSuite {
  @Override
  protected FakeModelServer startFake() {
    return FakeGeminiServer.start();
  }

  @Override
  protected AutoCloseable buildModel(String baseUrl, RetryPolicy retries, boolean log) {
    return GenaiModel.builder()
        .model("gemini-2.5-flash")
        .apiKey(KEY)
        .baseUrl(baseUrl)
        .retryPolicy(retries)
        .logRequestsAndResponses(log)
        .build();
  }
}
