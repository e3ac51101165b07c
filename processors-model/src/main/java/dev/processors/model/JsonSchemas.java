package dev.processors.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.model.spi.Json;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;

/**
 * JSON schemas generated from Java types, for tool arguments. A record that contains itself
 * (directly or through other records, lists, maps or options) cannot be written as a schema without
 * references, which the providers' tool schemas do not take: it is refused with an {@link
 * IllegalArgumentException} naming the type and the path that leads back to it.
 */
final class JsonSchemas {
  private JsonSchemas() {}

  static ObjectNode of(Type type, String where) {
    return of(type, where, new ArrayDeque<>());
  }

  private static ObjectNode of(Type type, String where, Deque<Class<?>> records) {
    ObjectNode s = Json.MAPPER.createObjectNode();
    if (type instanceof Class<?> c) {
      if (c == String.class || c == CharSequence.class || c == char.class || c == Character.class) {
        return s.put("type", "string");
      }
      if (c == boolean.class || c == Boolean.class) {
        return s.put("type", "boolean");
      }
      if (c == int.class
          || c == Integer.class
          || c == long.class
          || c == Long.class
          || c == short.class
          || c == Short.class
          || c == byte.class
          || c == Byte.class
          || c == BigInteger.class) {
        return s.put("type", "integer");
      }
      if (c == double.class
          || c == Double.class
          || c == float.class
          || c == Float.class
          || c == BigDecimal.class) {
        return s.put("type", "number");
      }
      if (c.isEnum()) {
        s.put("type", "string");
        ArrayNode values = s.putArray("enum");
        for (Object constant : c.getEnumConstants()) {
          values.add(((Enum<?>) constant).name());
        }
        return s;
      }
      if (c.isArray()) {
        s.put("type", "array");
        s.set("items", of(c.getComponentType(), where, records));
        return s;
      }
      if (c.isRecord()) {
        if (records.contains(c)) {
          throw new IllegalArgumentException(
              "cannot describe "
                  + c.getName()
                  + " ("
                  + where
                  + ") as JSON: the record contains itself, and tool schemas cannot describe"
                  + " recursive types; take a flat record (e.g. a list of ids) instead");
        }
        records.push(c);
        s.put("type", "object");
        ObjectNode props = s.putObject("properties");
        ArrayNode required = s.putArray("required");
        for (RecordComponent rc : c.getRecordComponents()) {
          Type t = rc.getGenericType();
          boolean optional = isOptional(t);
          props.set(
              rc.getName(), of(optional ? optionalOf(t) : t, where + "." + rc.getName(), records));
          if (!optional) {
            required.add(rc.getName());
          }
        }
        records.pop();
        return s;
      }
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      if (Collection.class.isAssignableFrom(raw)) {
        s.put("type", "array");
        s.set("items", of(p.getActualTypeArguments()[0], where, records));
        return s;
      }
      if (Map.class.isAssignableFrom(raw) && p.getActualTypeArguments()[0] == String.class) {
        s.put("type", "object");
        s.set("additionalProperties", of(p.getActualTypeArguments()[1], where, records));
        return s;
      }
      if (raw == Optional.class) {
        return of(p.getActualTypeArguments()[0], where, records);
      }
    }
    if (type instanceof GenericArrayType g) {
      s.put("type", "array");
      s.set("items", of(g.getGenericComponentType(), where, records));
      return s;
    }
    throw new IllegalArgumentException(
        "cannot describe "
            + type.getTypeName()
            + " ("
            + where
            + ") as JSON: use strings, numbers,"
            + " booleans, enums, lists, maps with string keys, or records of those");
  }

  static boolean isOptional(Type t) {
    return t instanceof ParameterizedType p && p.getRawType() == Optional.class;
  }

  static Type optionalOf(Type t) {
    return ((ParameterizedType) t).getActualTypeArguments()[0];
  }
}
