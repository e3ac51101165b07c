package dev.processors.model;

import java.time.Duration;

/**
 * The provider failed or timed out (HTTP 408, 5xx, or an in-stream error of that kind). Retryable.
 */
public final class ServerErrorException extends LiveException {
  /** A server failure; {@code statusCode} is -1 if unknown, {@code retryAfter} may be null. */
  public ServerErrorException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, true, retryAfter, cause);
  }
}
