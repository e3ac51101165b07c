package dev.processors.model;

import java.time.Duration;

/**
 * The provider rejected the request as invalid (HTTP 400, 404, 422 and other 4xx): a bad model
 * name, an unsupported input, a malformed tool schema. Not retryable.
 */
public final class BadRequestException extends ModelException {
  /**
   * A rejected request; public so that tests' fakes can throw it.
   *
   * @param provider the provider that failed, e.g. {@code "gemini"} or {@code "openai"}
   * @param message what failed, never containing an API key
   * @param statusCode the HTTP status (or the status an in-stream error reported), or -1 if none
   * @param retryAfter the server's advice on when to try again, or null if it gave none
   * @param cause the underlying failure, or null
   */
  public BadRequestException(
      String provider, String message, int statusCode, Duration retryAfter, Throwable cause) {
    super(provider, message, statusCode, false, retryAfter, cause);
  }
}
