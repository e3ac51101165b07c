package dev.processors.gemini;

import dev.processors.model.spi.ModelConformanceSuite;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeModelServer;

/**
 * {@link GenaiModel} reading the stream with the GenAI SDK's own classes ({@code sdkParsing})
 * against {@link FakeGeminiServer}: the same contract as the lean reader.
 */
class GenaiModelSdkParsingConformanceTest extends ModelConformanceSuite {
  @Override
  protected FakeModelServer startFake() {
    return FakeGeminiServer.start();
  }

  @Override
  protected AutoCloseable buildModel(String baseUrl, Options o) {
    GenaiModel.Builder b =
        GenaiModel.builder()
            .model("gemini-2.5-flash")
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
    return false;
  }
}
