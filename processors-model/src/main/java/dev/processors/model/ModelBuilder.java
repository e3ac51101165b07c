package dev.processors.model;

import dev.processors.core.ProcessorCache;
import dev.processors.core.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings every model processor shares: model, key, endpoint, generation settings, tools,
 * structured output, retries, caching and timeouts. A provider's builder (such as {@code
 * GenaiModel.Builder} or {@code OpenAiModel.Builder}) extends it, adds what is particular to its
 * SDK, and reads these settings with {@link #settings(String)} when it builds. Every setter
 * validates its argument and throws {@link IllegalArgumentException} or {@link
 * NullPointerException} naming it. Not thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {
  private String model;
  private String apiKey;
  private String baseUrl;
  private String systemInstruction = "";
  private Double temperature;
  private Integer maxOutputTokens;
  private final List<ToolDeclaration> tools = new ArrayList<>();
  private OutputSchema responseSchema;
  private RetryPolicy retryPolicy = Retries.defaultPolicy();
  private boolean resume = true;
  private ProcessorCache cache;
  private Duration connectTimeout = Duration.ofSeconds(10);
  private Duration readTimeout = Duration.ofSeconds(120);
  private boolean allowCleartext;
  private boolean logRequestsAndResponses = Boolean.getBoolean(LOG_PROPERTY);

  /**
   * The system property that turns {@link #logRequestsAndResponses(boolean)} on for every model
   * built afterwards without an explicit setting: {@code
   * -Ddev.processors.model.logRequestsAndResponses=true}.
   */
  public static final String LOG_PROPERTY = "dev.processors.model.logRequestsAndResponses";

  /** For a provider's builder. */
  protected ModelBuilder() {}

  /** This builder, as its concrete type. */
  protected abstract B self();

  /** The model name, e.g. {@code gemini-2.5-flash} or {@code gpt-4.1-mini}. Required. */
  public B model(String model) {
    this.model = Checks.notBlank(model, "model");
    return self();
  }

  /**
   * The API key. Without one (and without a pre-built client) the SDK reads the provider's key from
   * the environment ({@code GEMINI_API_KEY} or {@code GOOGLE_API_KEY}; {@code OPENAI_API_KEY}).
   * Never logged or shown.
   */
  public B apiKey(String apiKey) {
    this.apiKey = Checks.notBlank(apiKey, "apiKey");
    return self();
  }

  /**
   * Lets an API key go to a non-TLS ({@code http://}) base URL on another host: only for a trusted
   * network (a proxy inside a private network, say). Without it, {@code build()} refuses a key over
   * clear text unless the host is loopback ({@link Cleartext}).
   */
  public B allowCleartext() {
    this.allowCleartext = true;
    return self();
  }

  /**
   * The environment variables the provider's SDK reads an API key from when none was set (such as
   * {@code OPENAI_API_KEY}), so that the clear-text check covers that key too. None by default;
   * providers override it.
   */
  protected List<String> keyVariables() {
    return List.of();
  }

  /**
   * Whether the user gave the builder an SDK client of their own: its key is theirs to manage, so
   * {@link #keyVariables()} are not consulted. False by default; providers with such an option
   * override it.
   */
  protected boolean clientGiven() {
    return false;
  }

  /** Whether the SDK will find an API key in the environment when none was set. */
  final boolean keyFromEnvironment() {
    if (clientGiven()) {
      return false;
    }
    for (String name : keyVariables()) {
      String value = System.getenv(name);
      if (value != null && !value.isBlank()) {
        return true;
      }
    }
    return false;
  }

  /**
   * The service's base URL, e.g. {@code http://127.0.0.1:8080} for a fake in tests. With an API
   * key, a non-TLS URL must name a loopback host unless {@link #allowCleartext()} was called;
   * {@code build()} checks.
   */
  public B baseUrl(String baseUrl) {
    this.baseUrl = Checks.httpUrl(baseUrl, "baseUrl");
    return self();
  }

  /** The system instruction; system parts of the input are appended to it. */
  public B systemInstruction(String instruction) {
    this.systemInstruction = Objects.requireNonNull(instruction, "instruction");
    return self();
  }

  /** The sampling temperature, in [0, 2]. */
  public B temperature(double temperature) {
    this.temperature = Checks.inRange(temperature, 0, 2, "temperature");
    return self();
  }

  /** The most tokens to generate; positive. */
  public B maxOutputTokens(int tokens) {
    this.maxOutputTokens = Checks.positive(tokens, "maxOutputTokens");
    return self();
  }

  /** Functions the model may call (replaces earlier ones). */
  public B tools(ToolDeclaration... tools) {
    return tools(List.of(tools));
  }

  /** Functions the model may call (replaces earlier ones). */
  public B tools(List<ToolDeclaration> tools) {
    this.tools.clear();
    this.tools.addAll(List.copyOf(tools));
    return self();
  }

  /**
   * Structured output: the model answers with JSON following this JSON schema, streamed as partial
   * {@code Json} parts and ended by one validated {@code Json} part.
   *
   * @throws IllegalArgumentException if the schema is not a usable JSON schema object
   */
  public B responseSchema(String jsonSchema) {
    this.responseSchema = OutputSchema.of(Objects.requireNonNull(jsonSchema, "jsonSchema"));
    return self();
  }

  /**
   * When and how often to retry rate limits, server errors and network failures (default: 3
   * attempts, 500 ms doubling to 8 s, ±20% jitter, on the system clock). Errors that are not {@link
   * ModelException#retryable()} are never retried.
   */
  public B retryPolicy(RetryPolicy policy) {
    this.retryPolicy = Objects.requireNonNull(policy, "policy");
    return self();
  }

  /**
   * Whether a failure after output was emitted is retried (default true): the new attempt's output
   * is matched against what was emitted and only the rest goes out, or it fails with {@link
   * ResumeMismatchException} if it differs. When false such a failure propagates.
   */
  public B resumeAfterFailure(boolean resume) {
    this.resume = resume;
    return self();
  }

  /**
   * Serves identical requests (same conversation and settings) from {@code cache}, re-tagged with a
   * fresh utterance id. Only complete, successful generations are stored.
   */
  public B cache(ProcessorCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
    return self();
  }

  /** How long to wait for a connection (default 10 s). */
  public B connectTimeout(Duration timeout) {
    this.connectTimeout = Checks.positive(timeout, "connectTimeout");
    return self();
  }

  /**
   * The longest silence allowed while reading (default 120 s), counted from the start of the HTTP
   * call and from each event read since; there is no limit on the length of a whole stream. A
   * stream silent for longer is cut by the model's own watch (the socket has no read timeout) and
   * the attempt fails with a retryable {@link TransportException}. With a pre-built SDK client the
   * watch needs the provider's interceptor on its OkHttp client to see the call.
   *
   * @throws IllegalArgumentException if {@code timeout} is not positive
   */
  public B readTimeout(Duration timeout) {
    this.readTimeout = Checks.positive(timeout, "readTimeout");
    return self();
  }

  /**
   * Logs each request (its JSON, the HTTP request line and headers) and each response (the text,
   * function calls, finish reason and usage) at {@code INFO} on the {@code System.Logger} named
   * {@code dev.processors.model}, with API keys and {@code Authorization}-style headers redacted
   * (default off, or the {@link #LOG_PROPERTY} system property). Without it the logger still gets
   * one {@code DEBUG} line per request sent, stream end and retry, without bodies. Route the logger
   * to SLF4J or Log4j with their {@code System.LoggerFinder} binding.
   */
  public B logRequestsAndResponses(boolean on) {
    this.logRequestsAndResponses = on;
    return self();
  }

  /**
   * The settings made so far, for the provider's {@code build()}.
   *
   * @param modelClass the model being built, named in the error
   * @throws IllegalStateException if no model name was set, or an API key would be sent in clear
   *     text to a host that is not loopback (see {@link #allowCleartext()})
   */
  protected final ModelSettings settings(String modelClass) {
    if (model == null) {
      throw new IllegalStateException(modelClass + " needs a model name: call model(...)");
    }
    if (baseUrl != null) {
      Cleartext.check(baseUrl, apiKey != null || keyFromEnvironment(), allowCleartext);
    }
    return new ModelSettings(
        model,
        apiKey,
        baseUrl,
        systemInstruction,
        temperature,
        maxOutputTokens,
        tools,
        responseSchema,
        retryPolicy,
        resume,
        cache,
        connectTimeout,
        readTimeout,
        logRequestsAndResponses);
  }
}
