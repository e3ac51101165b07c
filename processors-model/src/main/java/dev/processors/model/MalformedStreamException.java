package dev.processors.model;

import java.time.Duration;

/**
 * The stream broke its protocol: an event that is not valid JSON, or an event the SDK cannot read.
 * Not retryable.
 */
public final class MalformedStreamException extends LiveException {
  /** A protocol violation; {@code statusCode} is -1 if unknown, {@code retryAfter} may be null. */
  public MalformedStreamException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, false, retryAfter, cause);
  }
}
