package dev.processors.operators;

/**
 * An operator failed on one value: an expression raised an error (division by zero, a missing
 * field, an overflow), ran out of its step or time budget, or produced a result the limits forbid
 * (a non-finite number, a state over its size bound). On a running stream that value becomes an
 * error part and the stream goes on.
 */
public final class EvaluationException extends OperatorException {
  EvaluationException(String message) {
    super(message);
  }
}
