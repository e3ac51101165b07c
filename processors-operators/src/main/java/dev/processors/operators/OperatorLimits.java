package dev.processors.operators;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds every operator must stay within, checked before it runs (static cost, dry run) and
 * enforced on every value while it runs.
 *
 * @param maxCostPerValue evaluation steps (CEL nodes visited) allowed per value, all expressions
 *     together; also the bound on the statically estimated cost of each expression
 * @param maxIterations comprehension iterations allowed per expression evaluation
 * @param maxStateElements list elements allowed in an accumulator's state, all fields together
 * @param maxStringLength characters allowed in a string of the state or of a result
 * @param maxExpressionLength characters allowed in one expression
 * @param perValueTime time allowed per value (update and summary together), on the clock
 * @param dryRunValues sample values each candidate runs over before it is accepted; more than
 *     {@code maxStateElements}, so a state that grows with every value is caught
 */
public record OperatorLimits(
    int maxCostPerValue,
    int maxIterations,
    int maxStateElements,
    int maxStringLength,
    int maxExpressionLength,
    Duration perValueTime,
    int dryRunValues) {

  /** Checks every bound is positive and the dry run is longer than the state bound. */
  public OperatorLimits {
    Objects.requireNonNull(perValueTime, "perValueTime");
    if (maxCostPerValue < 1
        || maxIterations < 1
        || maxStateElements < 1
        || maxStringLength < 1
        || maxExpressionLength < 1
        || perValueTime.isNegative()
        || perValueTime.isZero()) {
      throw new IllegalArgumentException("every operator limit must be positive");
    }
    if (dryRunValues <= maxStateElements) {
      throw new IllegalArgumentException(
          "dryRunValues ("
              + dryRunValues
              + ") must exceed maxStateElements ("
              + maxStateElements
              + ") so that unbounded state is caught");
    }
  }

  /**
   * 10,000 steps and 1,000 iterations per value, 256 state elements, strings of 1,024 characters,
   * expressions of 2,000, 100 ms per value, a dry run of 300 values. The step budget is the
   * deterministic bound (a value costs microseconds); the time limit is a backstop against a
   * stalled value, generous because wall time also counts pauses the value did not cause (a busy
   * machine, a garbage collection).
   */
  public static OperatorLimits defaults() {
    return new OperatorLimits(10_000, 1_000, 256, 1_024, 2_000, Duration.ofMillis(100), 300);
  }
}
