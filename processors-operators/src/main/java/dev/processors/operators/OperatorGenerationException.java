package dev.processors.operators;

import java.util.List;

/**
 * No valid operator came out of the validation loop: the attempts ran out, or the model refused the
 * request for good. {@link #attempts()} holds every round with the error fed back.
 */
public final class OperatorGenerationException extends OperatorException {
  private final List<Attempt> attempts;

  OperatorGenerationException(String message, List<Attempt> attempts, Throwable cause) {
    super(message, cause);
    this.attempts = List.copyOf(attempts);
  }

  /** Every attempt made, in order. */
  public List<Attempt> attempts() {
    return attempts;
  }
}
