package dev.processors.live;

import com.google.genai.Client;
import com.google.genai.types.GenerateContentConfig;
import com.openai.client.OpenAIClient;
import dev.processors.core.Processor;
import dev.processors.core.RetryPolicy;
import java.util.List;

/**
 * Model processors on the lean streamed-body backends ({@link OpenAiChatLeanBackend}, {@link
 * OpenAiResponsesLeanBackend}, {@link GenaiLeanBackend}) with the default settings of {@link
 * OpenAiModel} and {@link GenaiModel}, for the tests and benchmarks that compare them with the
 * SDK-parsing backends until the builders offer them. The clients are the caller's (built with the
 * interceptors each backend names) and stay open.
 */
final class LeanPrototype {
  private LeanPrototype() {}

  /** OpenAI Chat Completions, {@code model}, no tools or schema. */
  static Processor openAiChat(OpenAIClient client, String model, RetryPolicy retries) {
    OpenAiChatBackend requests = new OpenAiChatBackend(client, settings(model), p -> p);
    return runner(new OpenAiChatLeanBackend(client, requests), retries);
  }

  /** OpenAI Responses, {@code model}, no tools or schema. */
  static Processor openAiResponses(OpenAIClient client, String model, RetryPolicy retries) {
    OpenAiResponsesBackend requests = new OpenAiResponsesBackend(client, settings(model), p -> p);
    return runner(new OpenAiResponsesLeanBackend(client, requests), retries);
  }

  /** Gemini, {@code model}, no tools or schema. */
  static Processor gemini(Client client, String model, RetryPolicy retries) {
    GenaiBackend requests =
        new GenaiBackend(client, model, GenerateContentConfig.builder().build(), "");
    return runner(new GenaiLeanBackend(client, model, requests), retries);
  }

  /** The default retry policy of the model processors. */
  static RetryPolicy defaultRetries() {
    return Retries.defaultPolicy();
  }

  private static OpenAiRequests.Settings settings(String model) {
    return new OpenAiRequests.Settings(model, "", null, null, List.of(), null);
  }

  private static <R> Processor runner(ModelBackend<R> backend, RetryPolicy retries) {
    ModelRunner<R> runner = new ModelRunner<>(backend, retries, true, null, null);
    return runner::process;
  }
}
