package dev.processors.operators;

import dev.processors.core.Scan;

/**
 * A validated, compiled stream operator: its spec, and the {@link Scan} that runs it (install it on
 * an {@link OperatorStage}, or on any {@link dev.processors.core.ScanStage}).
 *
 * <p>The scan reads JSON parts whose objects match the {@link ValueSchema}; other parts pass
 * through. It emits, per value: for {@code map} a JSON part {@code {"operator", "result",
 * "value"}}; for {@code filter} the value's own part or nothing; for {@code accumulate} a JSON part
 * {@code {"operator", "result", "state", "value"}}. Each output part carries metadata {@link
 * #OPERATOR} with the operator's name.
 *
 * <p><b>Limits.</b> Every value runs under the {@link OperatorLimits}: a step budget and a time
 * budget checked while CEL evaluates, finite numbers, a bounded state. A value that breaks one
 * fails with an {@link EvaluationException}, which a scan stage turns into an error part.
 *
 * <p>Immutable and thread-safe: one operator serves any number of runs, each with its own state.
 */
public interface Operator {
  /** Metadata key of output parts: the operator's name. */
  String OPERATOR = "operator";

  /** The spec it was compiled from. */
  OperatorSpec spec();

  /** The spec's name. */
  default String name() {
    return spec().name();
  }

  /** The scan that runs it. */
  Scan<?> scan();
}
