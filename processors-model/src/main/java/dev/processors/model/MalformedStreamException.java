package dev.processors.model;

import java.time.Duration;

/**
 * The stream broke its protocol: an event that is not valid JSON, or an event the SDK cannot read.
 * Not retryable.
 */
public final class MalformedStreamException extends ModelException {
  /**
   * A protocol violation; public so that tests' fakes can throw it.
   *
   * @param provider the provider that failed, e.g. {@code "gemini"} or {@code "openai"}
   * @param message what failed, never containing an API key
   * @param statusCode the HTTP status (or the status an in-stream error reported), or -1 if none
   * @param retryAfter the server's advice on when to try again, or null if it gave none
   * @param cause the underlying failure, or null
   */
  public MalformedStreamException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, false, retryAfter, cause);
  }
}
