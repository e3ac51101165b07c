package dev.processors.openai;

import dev.processors.core.RetryPolicy;
import dev.processors.model.spi.RequestLoggingSuite;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeOpenAiServer;

/** {@link RequestLoggingSuite} for {@link OpenAiModel} against {@link FakeOpenAiServer}. */
class RequestLoggingTest extends RequestLoggingSuite {
  @Override
  protected FakeModelServer startFake() {
    return FakeOpenAiServer.start();
  }

  @Override
  protected AutoCloseable buildModel(String baseUrl, RetryPolicy retries, boolean log) {
    return OpenAiModel.builder()
        .model("gpt-4.1-mini")
        .apiKey(KEY)
        .baseUrl(baseUrl)
        .retryPolicy(retries)
        .logRequestsAndResponses(log)
        .build();
  }
}
