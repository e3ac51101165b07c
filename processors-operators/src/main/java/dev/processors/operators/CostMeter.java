package dev.processors.operators;

import dev.cel.common.ast.CelExpr;
import dev.cel.runtime.CelEvaluationListener;
import dev.processors.core.Clock;

/**
 * Counts the evaluation steps of one value across all its expressions and stops the evaluation when
 * the step budget or the time budget runs out: the CEL runtime calls {@link #callback} after every
 * node, and an exception thrown there ends the evaluation at once. One per value, used by one
 * thread.
 */
final class CostMeter implements CelEvaluationListener {
  /** Thrown from inside an evaluation to stop it. */
  static final class BudgetExceeded extends RuntimeException {
    BudgetExceeded(String message) {
      super(message, null, false, false);
    }
  }

  private static final int CLOCK_EVERY = 64;

  private final long maxSteps;
  private final Clock clock;
  private final long deadline;
  private final long limitNanos;
  private long steps;

  CostMeter(long maxSteps, Clock clock, long limitNanos) {
    this.maxSteps = maxSteps;
    this.clock = clock;
    this.limitNanos = limitNanos;
    this.deadline = clock.nanoTime() + limitNanos;
  }

  @Override
  public void callback(CelExpr expr, Object result) {
    long n = ++steps;
    if (n > maxSteps) {
      throw new BudgetExceeded(
          "over the cost limit of " + maxSteps + " evaluation steps per value");
    }
    if (n % CLOCK_EVERY == 0 && clock.nanoTime() > deadline) {
      throw new BudgetExceeded(
          "over the time limit of " + limitNanos / 1_000 + " µs per value after " + n + " steps");
    }
  }

  long steps() {
    return steps;
  }
}
