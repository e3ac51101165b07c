package dev.processors.openai;

import dev.processors.core.RetryPolicy;
import dev.processors.model.spi.IncompleteAnswerSuite;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeOpenAiServer;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * {@link IncompleteAnswerSuite} through the real OpenAI SDK against {@link FakeOpenAiServer}, on
 * both APIs (the terminal event is {@code [DONE]} / {@code response.completed}).
 */
class CutStreamThroughFakeTest {
  private static AutoCloseable model(
      OpenAiModel.Api api, String baseUrl, RetryPolicy retries, Duration readTimeout) {
    return OpenAiModel.builder()
        .model("gpt-4.1-mini")
        .api(api)
        .apiKey("sk-test")
        .baseUrl(baseUrl)
        .retryPolicy(retries)
        .readTimeout(readTimeout)
        .build();
  }

  @Nested
  class ChatCompletions extends IncompleteAnswerSuite {
    @Override
    protected FakeModelServer startFake() {
      return FakeOpenAiServer.start();
    }

    @Override
    protected AutoCloseable buildModel(String baseUrl, RetryPolicy retries, Duration readTimeout) {
      return model(OpenAiModel.Api.CHAT_COMPLETIONS, baseUrl, retries, readTimeout);
    }
  }

  @Nested
  class Responses extends IncompleteAnswerSuite {
    @Override
    protected FakeModelServer startFake() {
      return FakeOpenAiServer.start();
    }

    @Override
    protected AutoCloseable buildModel(String baseUrl, RetryPolicy retries, Duration readTimeout) {
      return model(OpenAiModel.Api.RESPONSES, baseUrl, retries, readTimeout);
    }
  }
}
