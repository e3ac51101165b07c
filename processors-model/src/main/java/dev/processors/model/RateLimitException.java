package dev.processors.model;

import java.time.Duration;

/**
 * The provider throttled the request or the quota is used up (HTTP 429, {@code RESOURCE_EXHAUSTED},
 * {@code rate_limit_exceeded}). Retryable; {@link #retryAfter()} carries the server's advice when
 * it gave one.
 */
public final class RateLimitException extends ModelException {
  /**
   * A rate-limit failure; public so that tests' fakes can throw it.
   *
   * @param provider the provider that failed, e.g. {@code "gemini"} or {@code "openai"}
   * @param message what failed, never containing an API key
   * @param statusCode the HTTP status (or the status an in-stream error reported), or -1 if none
   * @param retryAfter the server's advice on when to try again, or null if it gave none
   * @param cause the underlying failure, or null
   */
  public RateLimitException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, true, retryAfter, cause);
  }
}
