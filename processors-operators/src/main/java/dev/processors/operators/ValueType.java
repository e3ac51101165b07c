package dev.processors.operators;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;

/**
 * The types a value field, a parameter or a state field may have. Their CEL types are the ones the
 * expressions are checked against; at run time {@code int} is a {@code Long}, {@code double} a
 * {@code Double}, lists are immutable {@code List}s.
 */
public enum ValueType {
  /** A 64-bit float; must stay finite. */
  DOUBLE("double", SimpleType.DOUBLE),
  /** A 64-bit integer. */
  INT("int", SimpleType.INT),
  /** A boolean. */
  BOOL("bool", SimpleType.BOOL),
  /** A string. */
  STRING("string", SimpleType.STRING),
  /** A list of doubles (a window of values, for example). */
  LIST_DOUBLE("list<double>", ListType.create(SimpleType.DOUBLE)),
  /** A list of integers. */
  LIST_INT("list<int>", ListType.create(SimpleType.INT));

  private final String wire;
  private final CelType celType;

  ValueType(String wire, CelType celType) {
    this.wire = wire;
    this.celType = celType;
  }

  /** The name used in specs and prompts, e.g. {@code list<double>}. */
  @JsonValue
  public String wire() {
    return wire;
  }

  CelType celType() {
    return celType;
  }

  /** Whether {@code value} (a CEL runtime value) is of this type. */
  boolean holds(Object value) {
    return switch (this) {
      case DOUBLE -> value instanceof Double;
      case INT -> value instanceof Long;
      case BOOL -> value instanceof Boolean;
      case STRING -> value instanceof String;
      case LIST_DOUBLE ->
          value instanceof java.util.List<?> l && l.stream().allMatch(Double.class::isInstance);
      case LIST_INT ->
          value instanceof java.util.List<?> l && l.stream().allMatch(Long.class::isInstance);
    };
  }

  /**
   * The type named {@code wire}.
   *
   * @throws IllegalArgumentException if no type has that name
   */
  @JsonCreator
  public static ValueType of(String wire) {
    for (ValueType t : values()) {
      if (t.wire.equals(wire)) {
        return t;
      }
    }
    throw new IllegalArgumentException(
        "unknown type '" + wire + "'; use double, int, bool, string, list<double> or list<int>");
  }
}
