package dev.processors.model;

import dev.processors.core.RetryAfter;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The base of every error a model processor raises. Unchecked and sealed: a pattern {@code switch}
 * over {@link AuthenticationException}, {@link RateLimitException}, {@link BadRequestException},
 * {@link ServerErrorException}, {@link TransportException}, {@link MalformedStreamException},
 * {@link StreamErrorException}, {@link StructuredOutputException} and {@link
 * ResumeMismatchException} covers every cause. Their constructors are public, so that a fake model
 * in a test can throw them.
 *
 * <p>{@link #retryable()} says whether trying again may help (rate limits, server errors, network
 * failures); {@link #retryAfter()} carries the server's advice on when, which {@link
 * dev.processors.core.RetryPolicy} honours. Messages start with the provider's name and never
 * contain an API key.
 */
public abstract sealed class ModelException extends RuntimeException implements RetryAfter
    permits AuthenticationException,
        RateLimitException,
        BadRequestException,
        ServerErrorException,
        TransportException,
        MalformedStreamException,
        TruncatedStreamException,
        StreamErrorException,
        StructuredOutputException,
        ResumeMismatchException {
  private final String provider;
  private final int statusCode;
  private final boolean retryable;
  private final Duration retryAfter;

  /**
   * An error of {@code provider} ({@code "gemini"}, {@code "openai"}); {@code statusCode} is the
   * HTTP status or -1, {@code retryAfter} may be null.
   */
  ModelException(
      String provider,
      String message,
      int statusCode,
      boolean retryable,
      Duration retryAfter,
      Throwable cause) {
    super(provider + ": " + message, cause);
    this.provider = provider;
    this.statusCode = statusCode;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** The provider that failed: {@code "gemini"} or {@code "openai"}. */
  public String provider() {
    return provider;
  }

  /** The HTTP status (or the status an in-stream error event reported), if there was one. */
  public OptionalInt statusCode() {
    return statusCode < 0 ? OptionalInt.empty() : OptionalInt.of(statusCode);
  }

  /** Whether trying the same request again may succeed. */
  public boolean retryable() {
    return retryable;
  }

  /** How long the server asked to wait before trying again, if it said. */
  @Override
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
