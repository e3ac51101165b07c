package dev.processors.gemini;

/** The Live API server sent a message that is not JSON. Not retryable. */
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
