package dev.processors.operators;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Clock;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The compile-stage checks of a spec, and building the operator once they pass. */
final class SpecChecks {
  private SpecChecks() {}

  /** Consistency of a spec's parts with its kind, names, and the builtin's settings. */
  static void checkShape(OperatorSpec spec, ValueSchema values) {
    List<String> problems = new ArrayList<>();
    identifier(spec.name(), "name", problems);
    Set<String> seen = new HashSet<>();
    for (OperatorSpec.Param p : spec.params()) {
      identifier(p.name(), "params[].name", problems);
      if (!seen.add(p.name())) {
        problems.add("params: '" + p.name() + "' is declared twice");
      }
      if (p.type() == ValueType.LIST_DOUBLE || p.type() == ValueType.LIST_INT) {
        problems.add("params." + p.name() + ": parameters are double, int, bool or string");
      }
    }
    boolean custom =
        !spec.state().isEmpty() || !spec.update().isEmpty() || spec.summary().isPresent();
    switch (spec.kind()) {
      case MAP, FILTER -> {
        if (spec.expression().isEmpty()) {
          problems.add("a " + spec.kind().wire() + " needs an expression");
        }
        if (spec.builtin().isPresent() || custom) {
          problems.add(
              "a " + spec.kind().wire() + " has no builtin, state, update or summary; remove them");
        }
      }
      case ACCUMULATE -> {
        if (spec.expression().isPresent()) {
          problems.add("an accumulate has no expression; use summary (or a builtin)");
        }
        if (spec.builtin().isPresent() && custom) {
          problems.add("give either builtin or state/update/summary, not both");
        } else if (spec.builtin().isPresent()) {
          checkBuiltin(spec.builtin().get(), values, problems);
        } else {
          checkCustom(spec, problems);
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(InvalidSpecException.Check.COMPILE, problems);
    }
  }

  private static void checkCustom(OperatorSpec spec, List<String> problems) {
    if (spec.state().isEmpty() || spec.summary().isEmpty()) {
      problems.add(
          "an accumulate without builtin needs state fields, an update per field and a summary");
    }
    Set<String> fields = new HashSet<>();
    for (OperatorSpec.StateField f : spec.state()) {
      identifier(f.name(), "state[].name", problems);
      if (!fields.add(f.name())) {
        problems.add("state: '" + f.name() + "' is declared twice");
      }
    }
    Set<String> updated = new HashSet<>();
    for (OperatorSpec.FieldUpdate u : spec.update()) {
      if (!fields.contains(u.field())) {
        problems.add("update: '" + u.field() + "' is not a state field (declared: " + fields + ")");
      } else if (!updated.add(u.field())) {
        problems.add("update: '" + u.field() + "' is updated twice");
      }
    }
  }

  private static void checkBuiltin(BuiltinSpec b, ValueSchema values, List<String> problems) {
    numericField(b.field(), "builtin.field", values, problems);
    boolean vwap = b.name() == BuiltinSpec.Builtin.VWAP;
    boolean ewma = b.name() == BuiltinSpec.Builtin.EWMA;
    if (vwap && b.weightField().isEmpty()) {
      problems.add("builtin vwap needs weightField (the volume field)");
    }
    b.weightField()
        .ifPresent(
            w -> {
              if (!vwap) {
                problems.add("builtin.weightField is for vwap only");
              }
              numericField(w, "builtin.weightField", values, problems);
            });
    if (ewma) {
      double alpha = b.alpha().orElse(Double.NaN);
      if (!(alpha > 0 && alpha <= 1)) {
        problems.add(
            "builtin ewma needs alpha in (0, 1], got "
                + b.alpha().map(String::valueOf).orElse("none"));
      }
      if (b.windowCount().isPresent() || b.windowSeconds().isPresent()) {
        problems.add("builtin ewma takes no window: alpha sets its memory");
      }
    } else if (b.alpha().isPresent()) {
      problems.add("builtin.alpha is for ewma only");
    }
    if (b.windowCount().isPresent() && b.windowSeconds().isPresent()) {
      problems.add("give windowCount or windowSeconds, not both");
    }
    b.windowCount()
        .ifPresent(
            n -> {
              if (n < 1 || n > BuiltinOperator.MAX_WINDOW) {
                problems.add(
                    "builtin.windowCount must be in [1, "
                        + BuiltinOperator.MAX_WINDOW
                        + "], got "
                        + n);
              }
            });
    b.windowSeconds()
        .ifPresent(
            s -> {
              if (!(s > 0 && s <= 86_400)) {
                problems.add("builtin.windowSeconds must be in (0, 86400], got " + s);
              }
            });
  }

  private static void numericField(
      String name, String where, ValueSchema values, List<String> problems) {
    ValueType t = values.fields().get(name);
    if (t == null) {
      problems.add(
          where
              + ": '"
              + name
              + "' is not a value field (fields: "
              + values.fields().keySet()
              + ")");
    } else if (t != ValueType.DOUBLE && t != ValueType.INT) {
      problems.add(where + ": '" + name + "' is " + t.wire() + ", not a number");
    }
  }

  private static void identifier(String name, String where, List<String> problems) {
    if (!ValueSchema.IDENTIFIER.matcher(name).matches()) {
      problems.add(
          where + ": '" + name + "' must be a lower-case identifier ([a-z][a-z0-9_]*, at most 40)");
    }
  }

  /** The parameter values: the spec's, overridden and extended by the caller's, type-checked. */
  static Map<String, Object> params(OperatorSpec spec, Map<String, Object> overrides) {
    Map<String, Object> out = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    Map<String, ValueType> types = new LinkedHashMap<>();
    for (OperatorSpec.Param p : spec.params()) {
      types.put(p.name(), p.type());
      Object raw = overrides.getOrDefault(p.name(), p.value());
      try {
        out.put(
            p.name(),
            ValueSchema.convert(
                SpecSchema.MAPPER.valueToTree(raw), p.type(), "params." + p.name()));
      } catch (IllegalArgumentException e) {
        problems.add(e.getMessage());
      }
    }
    overrides.forEach(
        (name, raw) -> {
          if (!types.containsKey(name)) {
            JsonNode v = SpecSchema.MAPPER.valueToTree(raw);
            out.put(
                name,
                v.isIntegralNumber()
                    ? (Object) v.asLong()
                    : v.isNumber()
                        ? (Object) v.asDouble()
                        : v.isBoolean() ? (Object) v.asBoolean() : v.asText());
          }
        });
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(InvalidSpecException.Check.COMPILE, problems);
    }
    return out;
  }

  static ValueType typeOf(Object value) {
    return value instanceof Long
        ? ValueType.INT
        : value instanceof Double
            ? ValueType.DOUBLE
            : value instanceof Boolean ? ValueType.BOOL : ValueType.STRING;
  }

  /** Compiles every expression of a checked spec and builds its operator on {@code clock}. */
  static OperatorScan build(
      OperatorSpec spec,
      ValueSchema values,
      Map<String, Object> params,
      OperatorLimits limits,
      Clock clock) {
    if (spec.kind() == OperatorSpec.Kind.ACCUMULATE && spec.builtin().isPresent()) {
      return new BuiltinOperator(spec, values, limits, clock, spec.builtin().get());
    }
    List<Map.Entry<String, ValueType>> paramTypes = new ArrayList<>();
    params.forEach((k, v) -> paramTypes.add(new AbstractMap.SimpleEntry<>(k, typeOf(v))));
    Object[] paramValues = params.values().toArray();
    List<Map.Entry<String, ValueType>> stateTypes = new ArrayList<>();
    List<String> stateNames = new ArrayList<>();
    for (OperatorSpec.StateField f : spec.state()) {
      stateTypes.add(new AbstractMap.SimpleEntry<>(f.name(), f.type()));
      stateNames.add(f.name());
    }
    CelEnvironment env = CelEnvironment.of(values.fields(), paramTypes, stateTypes, limits);
    List<String> problems = new ArrayList<>();
    if (spec.kind() != OperatorSpec.Kind.ACCUMULATE) {
      Optional<dev.cel.common.types.CelType> expected =
          spec.kind() == OperatorSpec.Kind.FILTER
              ? Optional.of(ValueType.BOOL.celType())
              : Optional.empty();
      CelExpression e = compile(env, "expression", spec.expression().get(), expected, problems);
      failIf(problems);
      return new CelOperator(
          spec,
          values,
          limits,
          clock,
          paramValues,
          e,
          List.of(),
          List.of(),
          new Object[0],
          new CelExpression[0],
          null);
    }
    CelEnvironment constants = CelEnvironment.of(Map.of(), paramTypes, List.of(), limits);
    Object[] initial = new Object[stateNames.size()];
    CelExpression[] updates = new CelExpression[stateNames.size()];
    for (int i = 0; i < initial.length; i++) {
      OperatorSpec.StateField f = spec.state().get(i);
      CelExpression init =
          compile(
              constants,
              "state." + f.name() + ".initial",
              f.initial(),
              Optional.of(f.type().celType()),
              problems);
      if (init != null) {
        try {
          initial[i] =
              init.eval(
                  new Object[0],
                  paramValues,
                  new Object[0],
                  new CostMeter(limits.maxCostPerValue(), clock, limits.perValueTime().toNanos()));
          if (!f.type().holds(initial[i])) {
            problems.add(
                "state."
                    + f.name()
                    + ".initial gives "
                    + initial[i]
                    + ", not a "
                    + f.type().wire());
          }
        } catch (EvaluationException e) {
          problems.add(e.getMessage());
        }
      }
    }
    for (OperatorSpec.FieldUpdate u : spec.update()) {
      int i = stateNames.indexOf(u.field());
      updates[i] =
          compile(
              env,
              "update of " + u.field(),
              u.expression(),
              Optional.of(spec.state().get(i).type().celType()),
              problems);
    }
    CelExpression summary =
        compile(env, "summary", spec.summary().get(), Optional.empty(), problems);
    failIf(problems);
    return new CelOperator(
        spec,
        values,
        limits,
        clock,
        paramValues,
        null,
        List.copyOf(stateNames),
        spec.state().stream().map(OperatorSpec.StateField::type).toList(),
        initial,
        updates,
        summary);
  }

  private static CelExpression compile(
      CelEnvironment env,
      String where,
      String source,
      Optional<dev.cel.common.types.CelType> expected,
      List<String> problems) {
    try {
      return env.compile(where, source, expected);
    } catch (InvalidSpecException e) {
      problems.addAll(e.problems());
      return null;
    }
  }

  private static void failIf(List<String> problems) {
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(InvalidSpecException.Check.COMPILE, problems);
    }
  }
}
