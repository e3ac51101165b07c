package dev.processors.model;

import dev.processors.core.ProcessorCache;
import dev.processors.core.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The settings every model processor shares, as set on a {@link ModelBuilder}: what a provider's
 * builder reads when it builds its model. Immutable and thread-safe; {@link #toString()} never
 * shows the API key.
 */
public final class ModelSettings {
  private final String model;
  private final String apiKey;
  private final String baseUrl;
  private final String systemInstruction;
  private final Double temperature;
  private final Integer maxOutputTokens;
  private final List<ToolDeclaration> tools;
  private final OutputSchema responseSchema;
  private final RetryPolicy retryPolicy;
  private final boolean resumeAfterFailure;
  private final ProcessorCache cache;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final boolean logRequestsAndResponses;

  ModelSettings(
      String model,
      String apiKey,
      String baseUrl,
      String systemInstruction,
      Double temperature,
      Integer maxOutputTokens,
      List<ToolDeclaration> tools,
      OutputSchema responseSchema,
      RetryPolicy retryPolicy,
      boolean resumeAfterFailure,
      ProcessorCache cache,
      Duration connectTimeout,
      Duration readTimeout,
      boolean logRequestsAndResponses) {
    this.model = model;
    this.apiKey = apiKey;
    this.baseUrl = baseUrl;
    this.systemInstruction = systemInstruction;
    this.temperature = temperature;
    this.maxOutputTokens = maxOutputTokens;
    this.tools = List.copyOf(tools);
    this.responseSchema = responseSchema;
    this.retryPolicy = retryPolicy;
    this.resumeAfterFailure = resumeAfterFailure;
    this.cache = cache;
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
    this.logRequestsAndResponses = logRequestsAndResponses;
  }

  /** The model name. */
  public String model() {
    return model;
  }

  /** The API key, if one was set (otherwise the SDK reads the provider's environment variable). */
  public Optional<String> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /** The service's base URL without a trailing slash, if one was set. */
  public Optional<String> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /** The system instruction; empty if none. */
  public String systemInstruction() {
    return systemInstruction;
  }

  /** The sampling temperature, if set. */
  public Optional<Double> temperature() {
    return Optional.ofNullable(temperature);
  }

  /** The most tokens to generate, if set. */
  public Optional<Integer> maxOutputTokens() {
    return Optional.ofNullable(maxOutputTokens);
  }

  /** The functions the model may call, in order. */
  public List<ToolDeclaration> tools() {
    return tools;
  }

  /** The schema of structured output, if the model must answer with JSON. */
  public Optional<OutputSchema> responseSchema() {
    return Optional.ofNullable(responseSchema);
  }

  /** When and how often failures are retried. */
  public RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** Whether a failure after output was emitted is retried, continuing where it stopped. */
  public boolean resumeAfterFailure() {
    return resumeAfterFailure;
  }

  /** The cache serving identical requests, if one was set. */
  public Optional<ProcessorCache> cache() {
    return Optional.ofNullable(cache);
  }

  /** How long to wait for a connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The longest silence allowed while reading a stream. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Whether requests and responses are logged whole (keys redacted); see {@link
   * ModelBuilder#logRequestsAndResponses(boolean)}.
   */
  public boolean logRequestsAndResponses() {
    return logRequestsAndResponses;
  }

  @Override
  public String toString() {
    return "ModelSettings[model="
        + model
        + (baseUrl == null ? "" : ", baseUrl=" + baseUrl)
        + ", apiKey="
        + (apiKey == null ? "none" : "***")
        + "]";
  }
}
