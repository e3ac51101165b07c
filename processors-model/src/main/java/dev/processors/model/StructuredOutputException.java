package dev.processors.model;

import java.util.List;

/**
 * Structured output (requested with a JSON schema) was not valid JSON, or did not match the schema.
 * {@link #problems()} lists what was wrong. Not retryable: the partial output was already emitted.
 */
public final class StructuredOutputException extends ModelException {
  private final List<String> problems;

  /**
   * A structured-output failure; public so that tests' fakes can throw it.
   *
   * @param provider the provider whose output failed
   * @param message what failed
   * @param problems the validator's findings, one per entry (empty when the output was not JSON)
   * @param cause the underlying failure, or null
   */
  public StructuredOutputException(
      String provider, String message, List<String> problems, Throwable cause) {
    super(provider, message + (problems.isEmpty() ? "" : ": " + problems), -1, false, null, cause);
    this.problems = List.copyOf(problems);
  }

  /** What was wrong, one finding per entry (empty when the output was not JSON at all). */
  public List<String> problems() {
    return problems;
  }
}
