package dev.processors.assistant;

/**
 * The unchecked exception of the assistant service: a setting that cannot be used, a server that
 * cannot be reached or started, a message that cannot be read. The message says what was wrong and
 * never contains a secret.
 */
public class AssistantException extends RuntimeException {
  /** A failure described by {@code message}. */
  public AssistantException(String message) {
    super(message);
  }

  /** A failure described by {@code message}, caused by {@code cause}. */
  public AssistantException(String message, Throwable cause) {
    super(message, cause);
  }
}
