package dev.processors.operators;

/**
 * The model could not answer: a network failure, a rate limit or server error that its own retries
 * did not overcome ({@link #retryable()} true: the generator tries again after a backoff), or a
 * refusal such as a bad key ({@code retryable()} false: the generator stops at once).
 */
public final class ModelCallException extends OperatorException {
  private final boolean retryable;

  /** A failure of the model call; {@code message} must not contain secrets. */
  public ModelCallException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether trying again later may succeed. */
  public boolean retryable() {
    return retryable;
  }
}
