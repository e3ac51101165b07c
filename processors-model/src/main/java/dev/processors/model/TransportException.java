package dev.processors.model;

import java.time.Duration;

/**
 * The connection failed: refused, reset, timed out, or dropped in the middle of a stream.
 * Retryable.
 */
public final class TransportException extends LiveException {
  /** A network failure; {@code statusCode} is -1 if unknown, {@code retryAfter} may be null. */
  public TransportException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, true, retryAfter, cause);
  }
}
