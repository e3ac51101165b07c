package dev.processors.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.processors.core.Processor;
import dev.processors.core.RetryPolicy;
import dev.processors.model.spi.WireReplay;

/** A {@link WireReplay} that builds {@link OpenAiModel}s on either API and reader. */
final class OpenAiReplay extends WireReplay {
  OpenAiReplay(Answer... answers) {
    super(answers);
  }

  /** Which API and which reader. */
  enum Path {
    CHAT_SDK,
    CHAT_LEAN,
    RESPONSES_SDK,
    RESPONSES_LEAN
  }

  private OpenAIClient openAi() {
    return OpenAIOkHttpClient.builder()
        .okHttpClient(http())
        .apiKey("test-key")
        .baseUrl("http://127.0.0.1:9/v1")
        .maxRetries(0)
        .build();
  }

  /** A model processor on {@code path} answered from this replay. */
  Processor model(Path path, RetryPolicy retries) {
    boolean chat = path == Path.CHAT_SDK || path == Path.CHAT_LEAN;
    boolean sdk = path == Path.CHAT_SDK || path == Path.RESPONSES_SDK;
    return OpenAiModel.builder()
        .model("gpt-test")
        .api(chat ? OpenAiModel.Api.CHAT_COMPLETIONS : OpenAiModel.Api.RESPONSES)
        .client(openAi())
        .sdkParsing(sdk)
        .retryPolicy(retries)
        .build();
  }
}
