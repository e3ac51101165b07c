package dev.processors.model;

import java.time.Duration;

/**
 * The provider rejected the request as invalid (HTTP 400, 404, 422 and other 4xx): a bad model
 * name, an unsupported input, a malformed tool schema. Not retryable.
 */
public final class BadRequestException extends LiveException {
  /** A rejected request; {@code statusCode} is -1 if unknown, {@code retryAfter} may be null. */
  public BadRequestException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, false, retryAfter, cause);
  }
}
