package dev.processors.core;

import java.util.Objects;

/**
 * A stage of a pipeline failed. The message names the stage and the cause; {@link #getCause()} is
 * the original exception. The first failure cancels every other stage of the run and reaches the
 * consumer after the output emitted before it and before any output emitted after it.
 */
public class ProcessorException extends RuntimeException {
  private final String stage;

  /** A failure of {@code stage} caused by {@code cause}. */
  public ProcessorException(String stage, Throwable cause) {
    super(
        "stage '" + Objects.requireNonNull(stage, "stage") + "' failed: " + describe(cause), cause);
    this.stage = stage;
  }

  /** A failure of {@code stage} with its own message. */
  public ProcessorException(String stage, String message, Throwable cause) {
    super("stage '" + Objects.requireNonNull(stage, "stage") + "' failed: " + message, cause);
    this.stage = stage;
  }

  /** The name of the stage that failed. */
  public String stage() {
    return stage;
  }

  static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    String message = t.getMessage();
    return t.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
