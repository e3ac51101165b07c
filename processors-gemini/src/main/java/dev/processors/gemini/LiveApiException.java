package dev.processors.gemini;

/**
 * A Gemini Live API session failed and could not be continued. Sealed, so a pattern {@code switch}
 * names every cause: {@link LiveApiSetupException} (connecting or the setup failed), {@link
 * LiveApiConnectionLostException} (the connection was lost and could not be resumed), {@link
 * LiveApiProtocolException} (a server message could not be read), {@link
 * LiveApiUnansweredException} (a turn went unanswered). Unchecked; in a run it reaches the consumer
 * as the cause of a {@code ProcessorException}. These are not model errors: the Live API is a
 * session, not a request, so {@code dev.processors.model.ModelException} does not cover them.
 * Messages start with {@code gemini-live:} and never contain the API key.
 */
public abstract sealed class LiveApiException extends RuntimeException
    permits LiveApiSetupException,
        LiveApiConnectionLostException,
        LiveApiProtocolException,
        LiveApiUnansweredException {
  private final boolean retryable;

  LiveApiException(String message, boolean retryable, Throwable cause) {
    super("gemini-live: " + message, cause);
    this.retryable = retryable;
  }

  /** Whether opening a new session may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
