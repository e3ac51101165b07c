package dev.processors.model;

import java.time.Duration;

/** The API key or credentials were refused (HTTP 401 or 403). Not retryable. */
public final class AuthenticationException extends LiveException {
  /**
   * An authentication failure; {@code statusCode} is -1 if unknown, {@code retryAfter} may be null.
   */
  public AuthenticationException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, false, retryAfter, cause);
  }
}
