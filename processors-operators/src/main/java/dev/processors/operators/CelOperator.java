package dev.processors.operators;

import dev.processors.core.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A map, a filter or a custom accumulator whose logic is CEL. For an accumulator, every update
 * reads the state from before the value (the fields change together), then the summary reads the
 * new state; the new state is checked (finite, strings and total list size within the limits)
 * before it is kept.
 */
final class CelOperator extends OperatorScan {
  private final Object[] params;
  private final CelExpression expression; // map and filter
  private final List<String> stateNames;
  private final List<ValueType> stateTypes;
  private final Object[] initial;
  private final CelExpression[] updates; // per state field; null keeps the field
  private final CelExpression summary;

  CelOperator(
      OperatorSpec spec,
      ValueSchema values,
      OperatorLimits limits,
      Clock clock,
      Object[] params,
      CelExpression expression,
      List<String> stateNames,
      List<ValueType> stateTypes,
      Object[] initial,
      CelExpression[] updates,
      CelExpression summary) {
    super(spec, values, limits, clock);
    this.params = params;
    this.expression = expression;
    this.stateNames = stateNames;
    this.stateTypes = stateTypes;
    this.initial = initial;
    this.updates = updates;
    this.summary = summary;
  }

  @Override
  Object initialState() {
    return spec.kind() == OperatorSpec.Kind.ACCUMULATE ? initial : null;
  }

  @Override
  OperatorState step(Object state, Object[] value, CostMeter meter) {
    if (spec.kind() != OperatorSpec.Kind.ACCUMULATE) {
      Object result = expression.eval(value, params, new Object[0], meter);
      if (spec.kind() == OperatorSpec.Kind.FILTER && !(result instanceof Boolean)) {
        throw new EvaluationException("the filter expression gave " + result + ", not a bool");
      }
      return new OperatorState(null, result);
    }
    Object[] before = (Object[]) state;
    Object[] after = new Object[before.length];
    long elements = 0;
    for (int i = 0; i < after.length; i++) {
      after[i] = updates[i] == null ? before[i] : updates[i].eval(value, params, before, meter);
      if (!stateTypes.get(i).holds(after[i])) {
        throw new EvaluationException(
            "update of "
                + stateNames.get(i)
                + " gave "
                + after[i]
                + ", not a "
                + stateTypes.get(i).wire());
      }
      Results.check("state field '" + stateNames.get(i) + "'", after[i], limits);
      elements += Results.size(after[i]);
    }
    if (elements > limits.maxStateElements()) {
      throw new EvaluationException(
          "the state grows without bound: it holds "
              + elements
              + " list elements ("
              + describeSizes(after)
              + "); the limit is "
              + limits.maxStateElements()
              + ". Keep a fixed-size window (e.g. drop the oldest element with slice) or use a"
              + " builtin accumulator with windowCount");
    }
    return new OperatorState(after, summary.eval(value, params, after, meter));
  }

  private String describeSizes(Object[] state) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < state.length; i++) {
      long n = Results.size(state[i]);
      if (n > 0) {
        s.append(s.isEmpty() ? "" : ", ").append(stateNames.get(i)).append(": ").append(n);
      }
    }
    return s.toString();
  }

  @Override
  Map<String, Object> describeState(Object state) {
    Map<String, Object> out = new LinkedHashMap<>();
    Object[] fields = (Object[]) state;
    for (int i = 0; i < fields.length; i++) {
      out.put(stateNames.get(i), Results.toJson(fields[i]));
    }
    return out;
  }
}
