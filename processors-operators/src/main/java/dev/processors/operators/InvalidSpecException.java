package dev.processors.operators;

import java.util.List;

/**
 * A spec was rejected. {@link #getMessage()} is the exact text fed back to the model on the next
 * attempt: the check that failed and every problem it found, each naming the field concerned.
 */
public final class InvalidSpecException extends OperatorException {
  /** The check a spec failed, in the order they run. */
  public enum Check {
    /** The answer is not JSON or does not match {@link SpecSchema}. */
    SCHEMA,
    /**
     * The spec is inconsistent, an expression does not compile or type-check, or costs too much.
     */
    COMPILE,
    /** Running the operator on sample values failed a property check. */
    DRY_RUN
  }

  private final Check check;
  private final List<String> problems;

  InvalidSpecException(Check check, List<String> problems) {
    super(describe(check) + ":\n- " + String.join("\n- ", problems));
    this.check = check;
    this.problems = List.copyOf(problems);
  }

  InvalidSpecException(Check check, String problem) {
    this(check, List.of(problem));
  }

  /** Which check failed. */
  public Check check() {
    return check;
  }

  /** What was wrong, one finding per entry. */
  public List<String> problems() {
    return problems;
  }

  private static String describe(Check check) {
    return switch (check) {
      case SCHEMA -> "the answer does not match the operator spec schema";
      case COMPILE -> "the spec does not compile";
      case DRY_RUN -> "the operator failed its dry run on sample values";
    };
  }
}
