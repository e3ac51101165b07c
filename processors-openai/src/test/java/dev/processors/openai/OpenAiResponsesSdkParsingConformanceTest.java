package dev.processors.openai;

import dev.processors.model.spi.ModelConformanceSuite;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeOpenAiServer;

/**
 * {@link OpenAiModel} on {@code Api.RESPONSES} reading the stream with the SDK's own event classes
 * ({@code sdkParsing}) against {@link FakeOpenAiServer}: the same contract as the lean reader.
 */
class OpenAiResponsesSdkParsingConformanceTest extends ModelConformanceSuite {
  @Override
  protected FakeModelServer startFake() {
    return FakeOpenAiServer.start();
  }

  @Override
  protected AutoCloseable buildModel(String baseUrl, Options o) {
    OpenAiModel.Builder b =
        OpenAiModel.builder()
            .model("gpt-4.1-mini")
            .api(OpenAiModel.Api.RESPONSES)
            .apiKey(API_KEY)
            .baseUrl(baseUrl)
            .sdkParsing(true)
            .retryPolicy(o.retryPolicy())
            .resumeAfterFailure(o.resume())
            .tools(o.tools());
    if (o.responseSchema() != null) {
      b.responseSchema(o.responseSchema());
    }
    if (o.cache() != null) {
      b.cache(o.cache());
    }
    return b.build();
  }

  @Override
  protected boolean streamsArguments() {
    return true;
  }
}
