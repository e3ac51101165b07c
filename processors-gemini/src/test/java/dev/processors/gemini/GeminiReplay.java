package dev.processors.gemini;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import dev.processors.core.Processor;
import dev.processors.core.RetryPolicy;
import dev.processors.model.spi.WireReplay;

/** A {@link WireReplay} that builds {@link GenaiModel}s on either reader over the real SDK. */
final class GeminiReplay extends WireReplay {
  GeminiReplay(Answer... answers) {
    super(answers);
  }

  /** Which reader. */
  enum Path {
    GEMINI_SDK,
    GEMINI_LEAN
  }

  private Client genai() {
    return Client.builder()
        .apiKey("test-key")
        .vertexAI(false)
        .httpOptions(
            HttpOptions.builder()
                .baseUrl("http://127.0.0.1:9")
                .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build())
        .clientOptions(
            ClientOptions.builder()
                .customHttpClient(http(SseFlushMarkers.INTERCEPTOR, GeminiBodyTap.INTERCEPTOR))
                .build())
        .build();
  }

  /** A model processor on {@code path} answered from this replay. */
  Processor model(Path path, RetryPolicy retries) {
    return GenaiModel.builder()
        .model("gemini-test")
        .client(genai())
        .sdkParsing(path == Path.GEMINI_SDK)
        .retryPolicy(retries)
        .build();
  }
}
