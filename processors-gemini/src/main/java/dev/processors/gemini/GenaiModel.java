package dev.processors.gemini;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Tool;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.model.ModelBuilder;
import dev.processors.model.ModelSettings;
import dev.processors.model.ToolDeclaration;
import dev.processors.model.spi.ModelRunner;
import dev.processors.model.spi.OkHttpCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;

/**
 * A Gemini model as a {@link Processor}, over the Google GenAI SDK's streaming {@code
 * generateContentStream}: the input parts are the conversation, the output streams as the chunks
 * arrive.
 *
 * <pre>{@code
 * try (GenaiModel gemini = GenaiModel.builder()
 *     .model("gemini-2.5-flash")
 *     .apiKey(System.getenv("GEMINI_API_KEY"))
 *     .systemInstruction("Answer in one sentence.")
 *     .build()) {
 *   try (ProcessorRun run = gemini.start(List.of(ProcessorPart.text("Why is the sky blue?")))) {
 *     for (ProcessorPart part : run) {
 *       part.text().ifPresent(System.out::print);
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p><b>Input.</b> The whole input is one conversation: text, images and audio ({@code Blob}s, sent
 * inline), JSON, function calls and function responses. Parts with role {@code system} become the
 * system instruction (after {@link Builder#systemInstruction}); role {@code model} (or {@code
 * assistant}) is the model's side, any other role the user's. Signals, out-of-band parts and parts
 * on other substreams are left out. Function calls carrying {@link ModelParts#THOUGHT_SIGNATURE}
 * send it back.
 *
 * <p><b>Output.</b> Text deltas as text parts (role {@code model}) the moment each chunk arrives,
 * function calls as {@code FunctionCall} parts (Gemini sends them whole), thoughts on {@link
 * ModelParts#THOUGHT_SUBSTREAM}, generated images or audio as {@code Blob}s, and with a {@link
 * Builder#responseSchema} partial JSON on {@link ModelParts#PARTIAL_SUBSTREAM} then one validated
 * {@code Json} part. Last comes a {@code GENERATION_COMPLETE} signal with usage. Every part carries
 * a fresh {@link dev.processors.core.PlaybackTracker#UTTERANCE_ID}; see {@link ModelParts}.
 *
 * <p><b>Threading.</b> The stream is read on the stage's own thread: no thread is started. Closing
 * the run (or interrupting the stage) ends the HTTP call within milliseconds: the model's OkHttp
 * client cancels the call, and a virtual thread's blocked read ends on interrupt. The instance is
 * immutable and serves any number of runs at once; {@link #close()} releases the HTTP client it
 * built.
 *
 * <p><b>Errors.</b> Typed {@link ModelException}s: {@link AuthenticationException}, {@link
 * RateLimitException}, {@link BadRequestException}, {@link ServerErrorException}, {@link
 * TransportException}, {@link MalformedStreamException}, {@link StructuredOutputException}, {@link
 * ResumeMismatchException}. Rate limits, server errors and network failures are retried with the
 * {@link Builder#retryPolicy} (the SDK's own retries are off), honouring Retry-After; a failure
 * after output was emitted is retried too, continuing without duplicating anything (see {@link
 * Builder#resumeAfterFailure}).
 */
public final class GenaiModel implements Processor, AutoCloseable {
  /**
   * Internal system property: {@code true} makes models built afterwards parse streamed chunks with
   * the SDK's classes (the benchmarks' comparison path); not a supported setting.
   */
  static final String SDK_PARSING_PROPERTY = "dev.processors.gemini.sdkParsing";

  private final String model;
  private final String baseUrl;
  private final Client client;
  private final boolean ownsClient;
  private final ModelRunner<GenaiBackend.Request> runner;

  private GenaiModel(ModelSettings s, Builder b, Client client, boolean ownsClient) {
    this.model = s.model();
    this.baseUrl = s.baseUrl().orElse(null);
    this.client = client;
    this.ownsClient = ownsClient;
    GenaiBackend backend =
        new GenaiBackend(client, s.model(), baseConfig(s, b), s.systemInstruction());
    this.runner =
        new ModelRunner<>(
            b.sdkParsing ? backend : new GenaiLeanBackend(client, s.model(), backend), s);
  }

  /** A builder; {@link Builder#model} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The OkHttp interceptors the model relies on: cancelling the call from our side, and emitting
   * each chunk as it arrives (the SDK otherwise holds a chunk back until the next one arrives). Add
   * them, in this order, to the OkHttp client of a GenAI {@link Client} you build yourself and pass
   * to {@link Builder#client}.
   */
  public static List<Interceptor> interceptors() {
    return List.of(OkHttpCalls.INTERCEPTOR, SseFlushMarkers.INTERCEPTOR, GeminiBodyTap.INTERCEPTOR);
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
    return "GenaiModel(" + model + ")";
  }

  /** Releases the HTTP client if this model built it (not one passed to the builder). */
  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  @Override
  public String toString() {
    return "GenaiModel[model=" + model + (baseUrl == null ? "" : ", baseUrl=" + baseUrl) + "]";
  }

  private static GenerateContentConfig baseConfig(ModelSettings s, Builder b) {
    GenerateContentConfig.Builder config = GenerateContentConfig.builder();
    s.temperature().ifPresent(t -> config.temperature(t.floatValue()));
    s.maxOutputTokens().ifPresent(config::maxOutputTokens);
    if (!s.tools().isEmpty()) {
      List<FunctionDeclaration> declarations = new ArrayList<>();
      for (ToolDeclaration t : s.tools()) {
        declarations.add(
            FunctionDeclaration.builder()
                .name(t.name())
                .description(t.description())
                .parametersJsonSchema(t.parametersMap())
                .build());
      }
      config.tools(List.of(Tool.builder().functionDeclarations(declarations).build()));
    }
    s.responseSchema()
        .ifPresent(
            schema ->
                config.responseMimeType("application/json").responseJsonSchema(schema.asMap()));
    b.configurer.accept(config);
    return config.build();
  }

  /**
   * Builds a {@link GenaiModel}. Every setter validates its argument and throws {@link
   * IllegalArgumentException} or {@link NullPointerException} naming it. Not thread-safe.
   */
  public static final class Builder extends ModelBuilder<Builder> {
    private Client client;
    private Consumer<GenerateContentConfig.Builder> configurer = c -> {};
    private boolean sdkParsing = Boolean.getBoolean(SDK_PARSING_PROPERTY);

    private Builder() {}

    /** The SDK reads {@code GOOGLE_API_KEY} or {@code GEMINI_API_KEY} when no key was given. */
    @Override
    protected List<String> keyVariables() {
      return List.of("GOOGLE_API_KEY", "GEMINI_API_KEY");
    }

    @Override
    protected boolean clientGiven() {
      return client != null;
    }

    /**
     * Internal: parse streamed chunks with the SDK's own classes instead of the lean reader (for
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
     * A GenAI client you built, used instead of building one ({@link #apiKey}, {@link #baseUrl} and
     * the timeouts are then ignored; {@link #close()} leaves it open). Give its OkHttp client the
     * {@link GenaiModel#interceptors()} to keep per-chunk latency and instant cancellation.
     */
    public Builder client(Client client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * Adjusts the SDK's generation config after the settings above (safety settings, thinking, stop
     * sequences...). Its HTTP options are replaced, to keep the SDK's retries off.
     */
    public Builder config(Consumer<GenerateContentConfig.Builder> configurer) {
      this.configurer = Objects.requireNonNull(configurer, "configurer");
      return this;
    }

    /**
     * The model.
     *
     * @throws IllegalStateException if no model name was set, or the SDK finds no API key
     */
    public GenaiModel build() {
      ModelSettings s = settings("GenaiModel");
      if (client != null) {
        return new GenaiModel(s, this, client, false);
      }
      OkHttpClient.Builder http = OkHttpCalls.client(s.connectTimeout(), s.readTimeout());
      for (Interceptor i : interceptors()) {
        http.addInterceptor(i);
      }
      HttpOptions.Builder options = HttpOptions.builder().retryOptions(GenaiBackend.NO_SDK_RETRIES);
      s.baseUrl().ifPresent(options::baseUrl);
      Client.Builder sdk =
          Client.builder()
              .vertexAI(false)
              .httpOptions(options.build())
              .clientOptions(ClientOptions.builder().customHttpClient(http.build()).build());
      s.apiKey().ifPresent(sdk::apiKey);
      Client built;
      try {
        built = sdk.build();
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "cannot build the GenAI client (is an API key set?): " + e.getMessage(), e);
      }
      return new GenaiModel(s, this, built, true);
    }
  }
}
