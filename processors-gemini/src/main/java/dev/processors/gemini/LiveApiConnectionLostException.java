package dev.processors.gemini;

/**
 * The connection of a Live API session was lost (closed, failed, or a message could not be sent)
 * and the session could not be resumed: the server sent no resumption handle, or every attempt to
 * reconnect failed (then the last attempt's failure is the cause). Retryable unless there was no
 * handle.
 */
public final class LiveApiConnectionLostException extends LiveApiException {
  /**
   * A lost session; public so that tests' fakes can throw it.
   *
   * @param message what was lost and why, never containing the API key
   * @param retryable whether opening a new session may succeed
   * @param cause the underlying failure, or null
   */
  public LiveApiConnectionLostException(String message, boolean retryable, Throwable cause) {
    super(message, retryable, cause);
  }
}
