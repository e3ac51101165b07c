package dev.processors.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.model.ModelBuilder;
import dev.processors.model.ModelSettings;
import dev.processors.model.spi.ModelRunner;
import dev.processors.model.spi.OkHttpCalls;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * An OpenAI model as a {@link Processor}, over the OpenAI Java SDK: the Responses API by default,
 * Chat Completions as an option. The input parts are the conversation; the output streams as the
 * events arrive.
 *
 * <pre>{@code
 * try (OpenAiModel gpt = OpenAiModel.builder()
 *     .model("gpt-4.1-mini")
 *     .apiKey(System.getenv("OPENAI_API_KEY"))
 *     .tools(weatherTool)
 *     .build()) {
 *   try (ProcessorRun run = gpt.start(List.of(ProcessorPart.text("Weather in Paris?")))) {
 *     for (ProcessorPart part : run) {
 *       switch (part.content()) {
 *         case Content.Text t when part.substream().isEmpty() -> System.out.print(t.text());
 *         case Content.FunctionCall call -> System.out.println("call " + call.name() + call.arguments());
 *         default -> {}
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p><b>Input.</b> The whole input is one conversation: text, images (and on Chat Completions
 * audio; PCM is sent as WAV), JSON, function calls and function responses. Parts with role {@code
 * system} become the instructions (after {@link Builder#systemInstruction}); role {@code model} or
 * {@code assistant} is the model's side, any other role the user's. Signals, out-of-band parts and
 * parts on other substreams are left out. Requests are stateless (the whole conversation is sent;
 * Responses are not stored).
 *
 * <p><b>Output.</b> Text deltas as text parts (role {@code model}) the moment each event arrives. A
 * function call's arguments stream as progressively more complete JSON on {@link
 * ModelParts#PARTIAL_SUBSTREAM} (with {@link ModelParts#FUNCTION_NAME} and {@link
 * ModelParts#CALL_ID}), then the whole call comes as one {@code FunctionCall} part. With a {@link
 * Builder#responseSchema} the answer streams as partial {@code Json} parts and ends with one
 * validated {@code Json} part. Reasoning summaries go to {@link ModelParts#THOUGHT_SUBSTREAM}. Last
 * comes a {@code GENERATION_COMPLETE} signal with usage. Every part carries a fresh {@link
 * dev.processors.core.PlaybackTracker#UTTERANCE_ID}; see {@link ModelParts}.
 *
 * <p><b>Threading.</b> The stream is read on the stage's own thread: no thread is started. Closing
 * the run (or interrupting the stage) ends the HTTP call within milliseconds. The instance is
 * immutable and serves any number of runs at once; {@link #close()} releases the HTTP client it
 * built.
 *
 * <p><b>Errors.</b> Typed {@link ModelException}s, as for {@link GenaiModel}; an in-stream {@code
 * error} event or failed response is classified by its code. Rate limits, server errors and network
 * failures are retried with the {@link Builder#retryPolicy} (the SDK's own retries are off),
 * honouring {@code Retry-After}, continuing after a mid-stream failure without duplicating output.
 */
public final class OpenAiModel implements Processor, AutoCloseable {
  /** Which OpenAI API to stream from. */
  public enum Api {
    /** {@code POST /responses} (the default). */
    RESPONSES,
    /** {@code POST /chat/completions}. */
    CHAT_COMPLETIONS
  }

  /**
   * Internal system property: {@code true} makes models built afterwards parse streamed events with
   * the SDK's classes (the benchmarks' comparison path); not a supported setting.
   */
  static final String SDK_PARSING_PROPERTY = "dev.processors.openai.sdkParsing";

  private final String model;
  private final String baseUrl;
  private final Api api;
  private final OpenAIClient client;
  private final OkHttpClient ownedHttp;
  private final Processor runner;

  private OpenAiModel(ModelSettings s, Builder b, OpenAIClient client, OkHttpClient ownedHttp) {
    this.model = s.model();
    this.baseUrl = s.baseUrl().orElse(null);
    this.api = b.api;
    this.client = client;
    this.ownedHttp = ownedHttp;
    OpenAiRequests.Settings settings =
        new OpenAiRequests.Settings(
            s.model(),
            s.systemInstruction(),
            s.temperature().orElse(null),
            s.maxOutputTokens().orElse(null),
            s.tools(),
            s.responseSchema().orElse(null));
    if (b.api == Api.RESPONSES) {
      Consumer<ResponseCreateParams.Builder> c = b.responsesCustomizer;
      OpenAiResponsesBackend sdkBackend =
          new OpenAiResponsesBackend(
              client,
              settings,
              p -> {
                ResponseCreateParams.Builder pb = p.toBuilder();
                c.accept(pb);
                return pb.build();
              });
      ModelRunner<ResponseCreateParams> r =
          new ModelRunner<>(
              b.sdkParsing ? sdkBackend : new OpenAiResponsesLeanBackend(client, sdkBackend), s);
      this.runner = r::process;
    } else {
      Consumer<ChatCompletionCreateParams.Builder> c = b.chatCustomizer;
      OpenAiChatBackend sdkBackend =
          new OpenAiChatBackend(
              client,
              settings,
              p -> {
                ChatCompletionCreateParams.Builder pb = p.toBuilder();
                c.accept(pb);
                return pb.build();
              });
      ModelRunner<ChatCompletionCreateParams> r =
          new ModelRunner<>(
              b.sdkParsing ? sdkBackend : new OpenAiChatLeanBackend(client, sdkBackend), s);
      this.runner = r::process;
    }
  }

  /** A builder; {@link Builder#model} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The OkHttp interceptor that lets the model cancel its HTTP call at once. Add it to an {@code
   * OpenAIOkHttpClient} you build yourself and pass to {@link Builder#client}.
   */
  public static Interceptor interceptor() {
    return OkHttpCalls.INTERCEPTOR;
  }

  /**
   * Generates one answer to the whole input, streaming it to {@code out}; blocks until the answer
   * is complete.
   *
   * @throws ModelException (a typed subclass) when the generation fails for good
   * @throws java.util.concurrent.CancellationException when the run is cancelled
   */
  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    runner.process(in, out);
  }

  @Override
  public String name() {
    return "OpenAiModel(" + model + ")";
  }

  /** Releases the HTTP client if this model built it (not one passed to the builder). */
  @Override
  public void close() {
    if (ownedHttp != null) {
      client.close();
      ownedHttp.dispatcher().executorService().shutdown();
      ownedHttp.connectionPool().evictAll();
    }
  }

  @Override
  public String toString() {
    return "OpenAiModel[model="
        + model
        + ", api="
        + api
        + (baseUrl == null ? "" : ", baseUrl=" + baseUrl)
        + "]";
  }

  /**
   * Builds an {@link OpenAiModel}. Every setter validates its argument and throws {@link
   * IllegalArgumentException} or {@link NullPointerException} naming it. Not thread-safe.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private OpenAIClient client;
    private Api api = Api.RESPONSES;
    private Consumer<ResponseCreateParams.Builder> responsesCustomizer = b -> {};
    private Consumer<ChatCompletionCreateParams.Builder> chatCustomizer = b -> {};
    private boolean sdkParsing = Boolean.getBoolean(SDK_PARSING_PROPERTY);

    private Builder() {}

    /** The SDK reads {@code OPENAI_API_KEY} when no key was given. */
    @Override
    protected List<String> keyVariables() {
      return List.of("OPENAI_API_KEY");
    }

    @Override
    protected boolean clientGiven() {
      return client != null;
    }

    /**
     * Internal: parse streamed events with the SDK's own classes instead of the lean reader (for
     * the benchmarks and tests that compare the two). Off by default.
     */
    Builder sdkParsing(boolean sdkParsing) {
      this.sdkParsing = sdkParsing;
      return this;
    }

    @Override
    protected Builder self() {
      return this;
    }

    /**
     * An OpenAI client you built, used instead of building one ({@link #apiKey}, {@link #baseUrl}
     * and the timeouts are then ignored; {@link #close()} leaves it open). Its retries are turned
     * off for the model's calls. Add {@link OpenAiModel#interceptor()} to it for instant
     * cancellation on platform threads; mind that its default 10-minute request timeout also bounds
     * a whole stream.
     */
    public Builder client(OpenAIClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The API to use (default {@link Api#RESPONSES}). */
    public Builder api(Api api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    /** Adjusts each Responses API request after the settings above (reasoning, metadata...). */
    public Builder responsesRequest(Consumer<ResponseCreateParams.Builder> customizer) {
      this.responsesCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /** Adjusts each Chat Completions request after the settings above. */
    public Builder chatRequest(Consumer<ChatCompletionCreateParams.Builder> customizer) {
      this.chatCustomizer = Objects.requireNonNull(customizer, "customizer");
      return this;
    }

    /**
     * The model.
     *
     * @throws IllegalStateException if no model name was set, or the SDK finds no API key
     */
    public OpenAiModel build() {
      ModelSettings s = settings("OpenAiModel");
      if (client != null) {
        return new OpenAiModel(s, this, client.withOptions(o -> o.maxRetries(0)), null);
      }
      OkHttpClient http =
          OkHttpCalls.client(s.connectTimeout(), s.readTimeout())
              .addInterceptor(OkHttpCalls.INTERCEPTOR)
              .build();
      OpenAIOkHttpClient.Builder sdk = OpenAIOkHttpClient.builder();
      if (s.apiKey().isEmpty()) {
        sdk.fromEnv();
      }
      sdk.okHttpClient(http).maxRetries(0);
      s.apiKey().ifPresent(sdk::apiKey);
      s.baseUrl().ifPresent(sdk::baseUrl);
      OpenAIClient built;
      try {
        built = sdk.build();
      } catch (RuntimeException e) {
        http.dispatcher().executorService().shutdown();
        throw new IllegalStateException(
            "cannot build the OpenAI client (is an API key set?): " + e.getMessage(), e);
      }
      return new OpenAiModel(s, this, built, http);
    }
  }
}
