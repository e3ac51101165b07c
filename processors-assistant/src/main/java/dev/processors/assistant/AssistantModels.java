package dev.processors.assistant;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.processors.core.ProcessorCache;
import dev.processors.gemini.GenaiModel;
import dev.processors.model.ToolDeclaration;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;

/**
 * The one place that builds the assistant's model, from environment variables:
 *
 * <ul>
 *   <li>{@code OPENAI_API_KEY} (or {@code OPENAI_BASE_URL}) set: OpenAI's Responses API ({@code
 *       OPENAI_MODEL}, default {@value #OPENAI_DEFAULT}) with Conversations, the conversation id
 *       being the {@code thread_id}; {@code OPENAI_CONVERSATIONS=false} keeps the history in Redis
 *       instead (and then uses the shared response cache);
 *   <li>else {@code GEMINI_API_KEY} set: Gemini ({@code GEMINI_MODEL}, default {@value
 *       #GEMINI_DEFAULT}; {@code GEMINI_BASE_URL} for another endpoint), history in Redis, shared
 *       response cache;
 *   <li>else offline: the testkit's fake OpenAI server on 127.0.0.1, through the real SDK and the
 *       same Conversations path, answering with a reply marked {@code [simulated]}.
 * </ul>
 *
 * <p>{@code ASSISTANT_INSTRUCTIONS} replaces the system instruction. Keys are handed to the SDKs
 * and never printed. Building fails with {@link AssistantException} when a client cannot be built.
 */
public final class AssistantModels {
  /** The OpenAI model used when {@code OPENAI_MODEL} is not set (the seed's). */
  public static final String OPENAI_DEFAULT = "gpt-4o-mini";

  /** The Gemini model used when {@code GEMINI_MODEL} is not set. */
  public static final String GEMINI_DEFAULT = "gemini-2.5-flash";

  /** The system instruction used when {@code ASSISTANT_INSTRUCTIONS} is not set. */
  public static final String INSTRUCTIONS =
      "You are a helpful assistant. Answer concisely. For questions about the weather, call"
          + " get_weather with the city.";

  /** What the offline model answers. */
  static final FakeTurn SIMULATED_ANSWER =
      FakeTurn.text(
          "[simulated] ",
          "Hello! ",
          "I am the offline assistant. ",
          "Set OPENAI_API_KEY or GEMINI_API_KEY for real answers.");

  private AssistantModels() {}

  /**
   * The model {@code env} asks for, with {@code tools} declared and, where the service keeps the
   * history, {@code cache} (if present) serving identical requests.
   */
  public static ConversationModel fromEnvironment(
      Map<String, String> env, List<ToolDeclaration> tools, Optional<ProcessorCache> cache) {
    String instructions = value(env, "ASSISTANT_INSTRUCTIONS").orElse(INSTRUCTIONS);
    if (value(env, "OPENAI_API_KEY").isPresent() || value(env, "OPENAI_BASE_URL").isPresent()) {
      String model = value(env, "OPENAI_MODEL").orElse(OPENAI_DEFAULT);
      String key = value(env, "OPENAI_API_KEY").orElse("none");
      Optional<String> base = value(env, "OPENAI_BASE_URL");
      String description = "OpenAI " + model + base.map(b -> " at " + b).orElse("");
      if (value(env, "OPENAI_CONVERSATIONS").map(v -> v.equalsIgnoreCase("false")).orElse(false)) {
        OpenAiModel.Builder b =
            OpenAiModel.builder().model(model).apiKey(key).systemInstruction(instructions);
        b.tools(tools);
        base.ifPresent(b::baseUrl);
        cache.ifPresent(b::cache);
        OpenAiModel built = b.build();
        return new HistoryConversationModel(built, description, built);
      }
      return openAiConversations(key, base, model, instructions, tools, description, () -> {});
    }
    if (value(env, "GEMINI_API_KEY").isPresent()) {
      String model = value(env, "GEMINI_MODEL").orElse(GEMINI_DEFAULT);
      GenaiModel.Builder b =
          GenaiModel.builder()
              .model(model)
              .apiKey(env.get("GEMINI_API_KEY"))
              .systemInstruction(instructions);
      b.tools(tools);
      value(env, "GEMINI_BASE_URL").ifPresent(b::baseUrl);
      cache.ifPresent(b::cache);
      GenaiModel built = b.build();
      return new HistoryConversationModel(built, "Gemini " + model, built);
    }
    FakeOpenAiServer fake = FakeOpenAiServer.start();
    fake.defaultTurn(SIMULATED_ANSWER);
    return openAiConversations(
        "simulated",
        Optional.of(fake.baseUrl()),
        "gpt-simulated",
        instructions,
        tools,
        "simulated model, offline (a fake OpenAI server on 127.0.0.1; set OPENAI_API_KEY or"
            + " GEMINI_API_KEY for a real one)",
        fake);
  }

  private static ConversationModel openAiConversations(
      String key,
      Optional<String> base,
      String model,
      String instructions,
      List<ToolDeclaration> tools,
      String description,
      AutoCloseable extra) {
    OkHttpClient.Builder http =
        new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(10))
            .readTimeout(Duration.ofSeconds(120))
            .writeTimeout(Duration.ofSeconds(120))
            .callTimeout(Duration.ZERO)
            .addInterceptor(OpenAiModel.interceptor());
    if (Runtime.version().feature() < 24) {
      http.protocols(List.of(Protocol.HTTP_1_1)); // HTTP/2's reader would pin virtual threads
    }
    OkHttpClient ok = http.build();
    OpenAIOkHttpClient.Builder sdk =
        OpenAIOkHttpClient.builder().okHttpClient(ok).apiKey(key).maxRetries(0);
    base.ifPresent(sdk::baseUrl);
    OpenAIClient client;
    try {
      client = sdk.build();
    } catch (RuntimeException e) {
      ok.dispatcher().executorService().shutdown();
      throw new AssistantException("cannot build the OpenAI client: " + e.getMessage(), e);
    }
    return new OpenAiConversationModel(
        client,
        model,
        instructions,
        tools,
        description,
        () -> {
          client.close();
          ok.dispatcher().executorService().shutdown();
          ok.connectionPool().evictAll();
          extra.close();
        });
  }

  private static Optional<String> value(Map<String, String> env, String name) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank());
  }
}
