package dev.processors.model;

import java.time.Duration;

/**
 * The provider answered with success but the answer is not all there: the streamed body ended
 * before the provider's end-of-stream event (Chat Completions {@code [DONE]}, Responses {@code
 * response.completed}, a Gemini chunk with {@code finishReason}), or a success status came with an
 * empty body or with a body that is not an event stream (a proxy's HTML page). Retryable, like a
 * dropped connection: a retried generation continues without duplicating what was emitted.
 */
public final class TruncatedStreamException extends ModelException {
  /**
   * A cut stream; {@code statusCode} is the HTTP status (or -1), {@code retryAfter} may be null.
   */
  public TruncatedStreamException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, true, retryAfter, cause);
  }
}
