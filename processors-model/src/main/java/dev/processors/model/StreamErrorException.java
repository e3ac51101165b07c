package dev.processors.model;

import java.time.Duration;

/**
 * The provider reported an error inside the stream that fits no other class (an unknown error code,
 * a failed response). Not retryable.
 */
public final class StreamErrorException extends LiveException {
  /** An in-stream error; {@code statusCode} is -1 if unknown, {@code retryAfter} may be null. */
  public StreamErrorException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, false, retryAfter, cause);
  }
}
