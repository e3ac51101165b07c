package dev.processors.operators;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Scan;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every operator's scan shares: JSON values in, the value extracted per the schema, the step
 * and time budget per value, the checks on what comes out, and the output parts.
 */
abstract class OperatorScan implements Scan<OperatorState>, Operator {
  final OperatorSpec spec;
  final ValueSchema values;
  final OperatorLimits limits;
  final Clock clock;

  OperatorScan(OperatorSpec spec, ValueSchema values, OperatorLimits limits, Clock clock) {
    this.spec = spec;
    this.values = values;
    this.limits = limits;
    this.clock = clock;
  }

  /** The accumulator state a run starts with ({@code null} for map and filter). */
  abstract Object initialState();

  /**
   * The next state and the result for one value.
   *
   * @throws EvaluationException if the value cannot be handled within the limits
   */
  abstract OperatorState step(Object state, Object[] value, CostMeter meter);

  /** The state as JSON-friendly named fields, for output and dry-run messages. */
  abstract Map<String, Object> describeState(Object state);

  @Override
  public OperatorSpec spec() {
    return spec;
  }

  @Override
  public Scan<?> scan() {
    return this;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public OperatorState initial() {
    return new OperatorState(initialState(), null);
  }

  @Override
  public boolean matches(ProcessorPart part) {
    return part.content() instanceof Content.Json;
  }

  @Override
  public OperatorState update(OperatorState state, ProcessorPart part) {
    Object[] value;
    try {
      value = values.extract(part);
    } catch (IllegalArgumentException e) {
      throw new EvaluationException(e.getMessage());
    }
    return apply(state, value);
  }

  /** One value through the operator, with a fresh budget; the checks included. */
  OperatorState apply(OperatorState state, Object[] value) {
    CostMeter meter =
        new CostMeter(limits.maxCostPerValue(), clock, limits.perValueTime().toNanos());
    OperatorState next = step(state.state(), value, meter);
    Results.check("result", next.result(), limits);
    return next;
  }

  @Override
  public Optional<ProcessorPart> summary(OperatorState state, ProcessorPart part) {
    if (spec.kind() == OperatorSpec.Kind.FILTER) {
      return Boolean.TRUE.equals(state.result()) ? Optional.of(part) : Optional.empty();
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("operator", spec.name());
    out.put("result", Results.toJson(state.result()));
    if (spec.kind() == OperatorSpec.Kind.ACCUMULATE) {
      out.put("state", describeState(state.state()));
    }
    out.put("value", ((Content.Json) part.content()).node());
    return Optional.of(
        ProcessorPart.jsonOf(out).withMetadata(OPERATOR, spec.name()).withRole(part.role()));
  }

  @Override
  public String toString() {
    return "Operator(" + spec.kind().wire() + " " + spec.name() + ")";
  }
}
