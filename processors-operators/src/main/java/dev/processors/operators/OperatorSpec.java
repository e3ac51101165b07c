package dev.processors.operators;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a model fills in for a request such as "accumulate the average price": a typed description
 * of one stream operator, never code. Its JSON schema ({@link SpecSchema#json()}) is generated from
 * these records and sent as the model's structured-output schema.
 *
 * <ul>
 *   <li>{@code map}: {@link #expression} is a CEL expression over {@code value.<field>} and {@code
 *       params.<name>}; its result replaces each value.
 *   <li>{@code filter}: {@link #expression} is a CEL {@code bool}; values for which it is false are
 *       dropped.
 *   <li>{@code accumulate}: either a {@link #builtin} accumulator by name, or declared {@link
 *       #state} fields, one CEL {@link #update} per field over {@code acc.<field>}, {@code value}
 *       and {@code params}, and a CEL {@link #summary} over the updated {@code acc}.
 * </ul>
 *
 * <p>Immutable. A spec is only data: {@link OperatorCompiler} checks and compiles it.
 *
 * @param kind map, filter or accumulate
 * @param name a short snake_case name for the operator
 * @param description one sentence saying what the operator does
 * @param params named parameters and their values, usable as {@code params.<name>}
 * @param expression the CEL expression of a map or filter
 * @param builtin a library accumulator, instead of state, update and summary
 * @param state the state fields of a custom accumulator
 * @param update one CEL expression per state field, giving its next value
 * @param summary the CEL expression emitted after each value by a custom accumulator
 */
public record OperatorSpec(
    @Doc("map, filter or accumulate") Kind kind,
    @Doc("a short snake_case name, e.g. average_price") String name,
    @Doc("one sentence saying what the operator does") String description,
    @Doc("named parameters with their values; usable in expressions as params.<name>")
        List<Param> params,
    @Doc("map: CEL expression giving the new value; filter: CEL bool expression keeping a value")
        Optional<String> expression,
    @Doc("accumulate: a built-in accumulator (preferred when one fits); then omit state/update")
        Optional<BuiltinSpec> builtin,
    @Doc("accumulate without builtin: the state fields, each with a type and a CEL initial value")
        List<StateField> state,
    @Doc("accumulate without builtin: one CEL expression per state field giving its next value")
        List<FieldUpdate> update,
    @Doc("accumulate without builtin: CEL expression over acc, value, params emitted per value")
        Optional<String> summary) {

  /** Copies the lists; nulls become empty. */
  public OperatorSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    params = params == null ? List.of() : List.copyOf(params);
    expression = expression == null ? Optional.empty() : expression;
    builtin = builtin == null ? Optional.empty() : builtin;
    state = state == null ? List.of() : List.copyOf(state);
    update = update == null ? List.of() : List.copyOf(update);
    summary = summary == null ? Optional.empty() : summary;
  }

  /** This spec as JSON following {@link SpecSchema} (absent optional fields left out). */
  public String toJson() {
    return SpecSchema.BINDER.valueToTree(this).toString();
  }

  /** This spec as indented JSON, for people. */
  public String toPrettyJson() {
    try {
      return SpecSchema.BINDER.writerWithDefaultPrettyPrinter().writeValueAsString(this);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("a spec is always JSON", e);
    }
  }

  /** The three kinds of operator. */
  public enum Kind {
    /** One output per value: the expression's result. */
    MAP,
    /** The value itself, or nothing. */
    FILTER,
    /** A running state and one summary per value. */
    ACCUMULATE;

    /** The lower-case name used in specs. */
    @JsonValue
    public String wire() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The kind named {@code wire}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    @JsonCreator
    public static Kind of(String wire) {
      return valueOf(wire.toUpperCase(java.util.Locale.ROOT));
    }
  }

  /**
   * A named parameter: the seed's {@code operation_config}.
   *
   * @param name the name, used as {@code params.<name>}
   * @param type its type (double, int, bool or string)
   * @param value its value, a JSON number, boolean or string matching the type
   */
  public record Param(
      @Doc("identifier, used as params.<name>") String name,
      @Doc("double, int, bool or string") ValueType type,
      @Doc("the value, a JSON number, boolean or string") Object value) {
    /** Checks presence. */
    public Param {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A state field of a custom accumulator.
   *
   * @param name the field, used as {@code acc.<name>}
   * @param type its type
   * @param initial a CEL constant expression of that type, e.g. {@code 0.0} or {@code []}
   */
  public record StateField(
      @Doc("identifier, used as acc.<name>") String name,
      @Doc("the field's type") ValueType type,
      @Doc("CEL constant of that type: 0.0, 0, false, '', [] ...") String initial) {
    /** Checks presence. */
    public StateField {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(initial, "initial");
    }
  }

  /**
   * The next value of one state field.
   *
   * @param field the state field
   * @param expression a CEL expression of the field's type over the previous {@code acc}, {@code
   *     value} and {@code params}
   */
  public record FieldUpdate(
      @Doc("the state field this updates") String field,
      @Doc("CEL expression over the previous acc, value and params, of the field's type")
          String expression) {
    /** Checks presence. */
    public FieldUpdate {
      Objects.requireNonNull(field, "field");
      Objects.requireNonNull(expression, "expression");
    }
  }
}
