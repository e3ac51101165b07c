package dev.processors.operators;

import java.util.List;

/**
 * The outcome of {@link OperatorGenerator#generate}: the validated operator and every attempt that
 * led to it (the last one accepted).
 *
 * @param operator the operator, ready to install
 * @param attempts the rounds of the validation loop, in order
 */
public record GeneratedOperator(Operator operator, List<Attempt> attempts) {
  /** Copies the list. */
  public GeneratedOperator {
    attempts = List.copyOf(attempts);
  }
}
