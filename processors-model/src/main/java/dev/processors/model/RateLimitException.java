package dev.processors.model;

import java.time.Duration;

/**
 * The provider throttled the request or the quota is used up (HTTP 429, {@code RESOURCE_EXHAUSTED},
 * {@code rate_limit_exceeded}). Retryable; {@link #retryAfter()} carries the server's advice when
 * it gave one.
 */
public final class RateLimitException extends LiveException {
  /** A rate-limit failure; {@code statusCode} is -1 if unknown, {@code retryAfter} may be null. */
  public RateLimitException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, true, retryAfter, cause);
  }
}
