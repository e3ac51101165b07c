package dev.processors.gemini;

/**
 * The Live API server sent a message this client cannot read: not JSON, or JSON that breaks the
 * protocol (audio or video data that is not base64, a bad MIME type, a tool call without a name).
 * Not retryable.
 */
public final class LiveApiProtocolException extends LiveApiException {
  /**
   * An unreadable server message; public so that tests' fakes can throw it.
   *
   * @param message what was wrong, with the start of the message
   * @param cause the parser's failure, or null
   */
  public LiveApiProtocolException(String message, Throwable cause) {
    super(message, false, cause);
  }
}
