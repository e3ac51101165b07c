package dev.processors.gemini;

/**
 * Opening a Live API session failed: connecting was refused or timed out, or the server refused the
 * setup or did not confirm it in time. Retryable unless the server refused the setup.
 */
public final class LiveApiSetupException extends LiveApiException {
  /**
   * A failed setup; public so that tests' fakes can throw it.
   *
   * @param message what failed, never containing the API key
   * @param retryable whether trying again may succeed
   * @param cause the underlying failure, or null
   */
  public LiveApiSetupException(String message, boolean retryable, Throwable cause) {
    super(message, retryable, cause);
  }
}
