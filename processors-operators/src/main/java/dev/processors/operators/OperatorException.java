package dev.processors.operators;

/** The base of this module's unchecked exceptions. */
public class OperatorException extends RuntimeException {
  /** An error with a message. */
  public OperatorException(String message) {
    super(message);
  }

  /** An error with a message and a cause. */
  public OperatorException(String message, Throwable cause) {
    super(message, cause);
  }
}
