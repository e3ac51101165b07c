package dev.processors.live;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import java.time.Duration;
import okhttp3.OkHttpClient;

/**
 * The benchmarks' way to the package-private lean streamed-body prototype ({@link LeanPrototype}):
 * this class sits in the library's package inside the benchmarks module (class path only), so the
 * library gains no public API for a prototype. Builds clients the way {@link OpenAiModel} and
 * {@link GenaiModel} do, plus the interceptors the lean backends need.
 */
public final class LeanModels {
  private LeanModels() {}

  /** A model processor that owns its client. */
  private record Owned(Processor model, Runnable closer) implements Processor, AutoCloseable {
    @Override
    public void process(PartStream in, PartSink out) throws Exception {
      model.process(in, out);
    }

    @Override
    public void close() {
      closer.run();
    }
  }

  /** OpenAI Chat Completions at {@code baseUrl} (ending in {@code /v1}). */
  public static Processor openAiChat(String baseUrl, String model) {
    OpenAIClient client = openAi(baseUrl);
    return new Owned(
        LeanPrototype.openAiChat(client, model, LeanPrototype.defaultRetries()), client::close);
  }

  /** OpenAI Responses at {@code baseUrl} (ending in {@code /v1}). */
  public static Processor openAiResponses(String baseUrl, String model) {
    OpenAIClient client = openAi(baseUrl);
    return new Owned(
        LeanPrototype.openAiResponses(client, model, LeanPrototype.defaultRetries()),
        client::close);
  }

  /** Gemini at {@code baseUrl} (the host; the SDK adds {@code /v1beta}). */
  public static Processor gemini(String baseUrl, String model) {
    OkHttpClient http =
        Settings.okHttp(Duration.ofSeconds(10), Duration.ofSeconds(120))
            .addInterceptor(HttpCallControl.INTERCEPTOR)
            .addInterceptor(GeminiBodyTap.INTERCEPTOR)
            .build();
    Client client =
        Client.builder()
            .apiKey("bench")
            .vertexAI(false)
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(baseUrl)
                    .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                    .build())
            .clientOptions(ClientOptions.builder().customHttpClient(http).build())
            .build();
    return new Owned(
        LeanPrototype.gemini(client, model, LeanPrototype.defaultRetries()), client::close);
  }

  /** Closes processors made here. */
  public static void close(Processor... models) {
    for (Processor m : models) {
      if (m instanceof Owned o) {
        o.close();
      }
    }
  }

  private static OpenAIClient openAi(String baseUrl) {
    OkHttpClient http =
        Settings.okHttp(Duration.ofSeconds(10), Duration.ofSeconds(120))
            .addInterceptor(HttpCallControl.INTERCEPTOR)
            .build();
    return OpenAIOkHttpClient.builder()
        .okHttpClient(http)
        .apiKey("bench")
        .baseUrl(baseUrl)
        .maxRetries(0)
        .build();
  }
}
