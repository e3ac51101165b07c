package dev.processors.operators;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns a spec into a running {@link Operator}, or says exactly why it cannot: the checks of the
 * validation loop, in order.
 *
 * <ol>
 *   <li><b>Schema</b>: the answer is JSON and matches {@link SpecSchema} (unknown fields, wrong
 *       types and missing fields are named with their JSON path).
 *   <li><b>Compile</b>: the spec is consistent (a map has an expression and no state...), names are
 *       identifiers, parameter values match their types, every CEL expression parses, type-checks
 *       against the declared value, parameter and state types, has the type its place needs, and
 *       its statically estimated cost is within {@link OperatorLimits#maxCostPerValue}.
 *   <li><b>Dry run</b>: the operator runs over {@link OperatorLimits#dryRunValues} sample values
 *       (given, or generated from the value schema) with the runtime limits: no error, finite
 *       numbers, a state that stays within {@link OperatorLimits#maxStateElements}.
 * </ol>
 *
 * <p>Each failure is an {@link InvalidSpecException} whose message is fed back to the model.
 * Immutable and thread-safe.
 */
public final class OperatorCompiler {
  private static final ObjectMapper BINDER = SpecSchema.BINDER;

  private final ValueSchema values;
  private final OperatorLimits limits;
  private final Clock clock;
  private final Map<String, Object> paramOverrides;
  private final List<Object[]> samples;

  private OperatorCompiler(
      ValueSchema values,
      OperatorLimits limits,
      Clock clock,
      Map<String, Object> paramOverrides,
      List<Object[]> samples) {
    this.values = values;
    this.limits = limits;
    this.clock = clock;
    this.paramOverrides = Map.copyOf(paramOverrides);
    this.samples = samples;
  }

  /** A builder: tick values, default limits, the system clock, generated samples. */
  public static Builder builder() {
    return new Builder();
  }

  /** This compiler with other parameter overrides (see {@link Builder#params}). */
  public OperatorCompiler withParams(Map<String, ?> params) {
    return new OperatorCompiler(values, limits, clock, Map.copyOf(params), samples);
  }

  /** The value fields operators are checked against. */
  public ValueSchema values() {
    return values;
  }

  /** The limits operators are held to. */
  public OperatorLimits limits() {
    return limits;
  }

  /**
   * Checks a model's answer against the schema and binds it.
   *
   * @throws InvalidSpecException (SCHEMA) listing every problem
   */
  public OperatorSpec parse(String answer) {
    JsonNode tree;
    try {
      tree = BINDER.readTree(answer);
    } catch (Exception e) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.SCHEMA,
          "the answer is not JSON: " + e.getMessage().lines().findFirst().orElse(""));
    }
    if (tree == null || tree.isMissingNode()) {
      throw new InvalidSpecException(InvalidSpecException.Check.SCHEMA, "the answer is empty");
    }
    List<String> problems = SpecSchema.problems(tree);
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(InvalidSpecException.Check.SCHEMA, problems);
    }
    try {
      return BINDER.treeToValue(tree, OperatorSpec.class);
    } catch (Exception e) {
      throw new InvalidSpecException(
          InvalidSpecException.Check.SCHEMA,
          e.getMessage().lines().findFirst().orElse("the answer cannot be read as a spec"));
    }
  }

  /**
   * Parses, compiles and dry-runs a model's answer.
   *
   * @throws InvalidSpecException naming the failed check and every problem found
   */
  public Operator compile(String answer) {
    return compile(parse(answer));
  }

  /**
   * Compiles and dry-runs a spec.
   *
   * @throws InvalidSpecException (COMPILE or DRY_RUN) naming every problem found
   */
  public Operator compile(OperatorSpec spec) {
    Objects.requireNonNull(spec, "spec");
    SpecChecks.checkShape(spec, values);
    Map<String, Object> params = SpecChecks.params(spec, paramOverrides);
    VirtualClock dryClock = Clock.virtual();
    OperatorScan dry = SpecChecks.build(spec, values, params, limits, dryClock);
    dryRun(dry, dryClock);
    return SpecChecks.build(spec, values, params, limits, clock);
  }

  private void dryRun(OperatorScan operator, VirtualClock dryClock) {
    OperatorState state = operator.initial();
    for (int n = 0; n < limits.dryRunValues(); n++) {
      Object[] value = samples.get(n % samples.size());
      try {
        state = operator.apply(state, value);
      } catch (EvaluationException e) {
        throw new InvalidSpecException(
            InvalidSpecException.Check.DRY_RUN,
            "sample value #" + (n + 1) + " " + describe(value) + ": " + e.getMessage());
      }
      dryClock.advance(Duration.ofMillis(100));
    }
  }

  private String describe(Object[] value) {
    Map<String, Object> fields = new LinkedHashMap<>();
    for (int i = 0; i < value.length; i++) {
      fields.put(values.names().get(i), value[i]);
    }
    return fields.toString();
  }

  /** Settings of an {@link OperatorCompiler}. */
  public static final class Builder {
    private ValueSchema values = ValueSchema.ticks();
    private OperatorLimits limits = OperatorLimits.defaults();
    private Clock clock = Clock.system();
    private Map<String, Object> paramOverrides = Map.of();
    private List<ProcessorPart> samples = List.of();

    private Builder() {}

    /** The value fields; {@link ValueSchema#ticks()} by default. */
    public Builder values(ValueSchema values) {
      this.values = Objects.requireNonNull(values, "values");
      return this;
    }

    /** The limits; {@link OperatorLimits#defaults()} by default. */
    public Builder limits(OperatorLimits limits) {
      this.limits = Objects.requireNonNull(limits, "limits");
      return this;
    }

    /** The clock of time windows and of the per-value time budget. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Parameter values that win over the model's (the seed's {@code operation_config}): a parameter
     * the spec declares takes this value; one it does not is added.
     */
    public Builder params(Map<String, ?> params) {
      this.paramOverrides = Map.copyOf(Objects.requireNonNull(params, "params"));
      return this;
    }

    /**
     * Sample values for dry runs (JSON parts of the value schema), cycled as needed; generated from
     * the schema when none are given.
     *
     * @throws IllegalArgumentException at build time if a sample does not match the schema
     */
    public Builder samples(List<ProcessorPart> samples) {
      this.samples = List.copyOf(samples);
      return this;
    }

    /** The compiler. */
    public OperatorCompiler build() {
      List<Object[]> given = new ArrayList<>();
      for (ProcessorPart p : samples) {
        given.add(values.extract(p));
      }
      return new OperatorCompiler(
          values,
          limits,
          clock,
          paramOverrides,
          given.isEmpty() ? SampleValues.generate(values, limits.dryRunValues(), 42) : given);
    }
  }
}
