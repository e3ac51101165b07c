package dev.processors.operators;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The fields of the stream's values, as operators see them ({@code value.price}, {@code
 * value.volume}...): each value is a JSON part whose object has these fields. Immutable.
 */
public final class ValueSchema {
  static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,39}");

  private final Map<String, ValueType> fields;
  private final List<String> names;

  private ValueSchema(Map<String, ValueType> fields) {
    this.fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    this.names = List.copyOf(fields.keySet());
  }

  /**
   * A schema with these fields, in this order.
   *
   * @throws IllegalArgumentException if a name is not a lower-case identifier or there are none
   */
  public static ValueSchema of(Map<String, ValueType> fields) {
    if (fields.isEmpty()) {
      throw new IllegalArgumentException("a value schema needs at least one field");
    }
    fields.keySet().forEach(name -> requireIdentifier(name, "value field"));
    return new ValueSchema(fields);
  }

  /** The ticks of {@link Ticks} and of a {@code /stock/{symbol}} downlink. */
  public static ValueSchema ticks() {
    Map<String, ValueType> f = new LinkedHashMap<>();
    f.put("symbol", ValueType.STRING);
    f.put("seq", ValueType.INT);
    f.put("price", ValueType.DOUBLE);
    f.put("volume", ValueType.DOUBLE);
    return new ValueSchema(f);
  }

  /** Field names and types, in order. */
  public Map<String, ValueType> fields() {
    return fields;
  }

  List<String> names() {
    return names;
  }

  /**
   * The fields of {@code part} in schema order, as CEL values.
   *
   * @throws IllegalArgumentException if the part is not a JSON object with every field well typed
   */
  Object[] extract(ProcessorPart part) {
    if (!(part.content() instanceof Content.Json json)) {
      throw new IllegalArgumentException("expected a JSON value, got " + part.mimeType());
    }
    return extract(json.node());
  }

  Object[] extract(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, got " + abbreviate(node));
    }
    Object[] out = new Object[names.size()];
    for (int i = 0; i < out.length; i++) {
      String name = names.get(i);
      JsonNode v = node.get(name);
      if (v == null || v.isNull()) {
        throw new IllegalArgumentException(
            "value has no field '" + name + "': " + abbreviate(node));
      }
      out[i] = convert(v, fields.get(name), "value." + name);
    }
    return out;
  }

  /** A JSON value as the CEL value of {@code type}. */
  static Object convert(JsonNode v, ValueType type, String where) {
    switch (type) {
      case DOUBLE -> {
        if (v.isNumber()) {
          return v.asDouble();
        }
      }
      case INT -> {
        if (v.isIntegralNumber() || (v.isNumber() && v.asDouble() == Math.rint(v.asDouble()))) {
          return v.asLong();
        }
      }
      case BOOL -> {
        if (v.isBoolean()) {
          return v.asBoolean();
        }
      }
      case STRING -> {
        if (v.isTextual()) {
          return v.asText();
        }
      }
      case LIST_DOUBLE, LIST_INT -> {
        if (v.isArray()) {
          ValueType element = type == ValueType.LIST_DOUBLE ? ValueType.DOUBLE : ValueType.INT;
          List<Object> items = new ArrayList<>();
          for (JsonNode item : v) {
            items.add(convert(item, element, where + "[]"));
          }
          return List.copyOf(items);
        }
      }
    }
    throw new IllegalArgumentException(
        where + " must be " + type.wire() + ", got " + abbreviate(v));
  }

  static void requireIdentifier(String name, String what) {
    Objects.requireNonNull(name, what);
    if (!IDENTIFIER.matcher(name).matches()) {
      throw new IllegalArgumentException(
          what
              + " name '"
              + name
              + "' must be a lower-case identifier ([a-z][a-z0-9_]*, at most 40)");
    }
  }

  static String abbreviate(Object value) {
    String s = String.valueOf(value);
    return s.length() <= 120 ? s : s.substring(0, 117) + "...";
  }

  @Override
  public String toString() {
    return "ValueSchema" + fields;
  }
}
