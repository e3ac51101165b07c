package dev.processors.operators;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks on what operators produce (finite numbers, bounded sizes) and its JSON form. */
final class Results {
  private Results() {}

  /**
   * Checks that {@code value} holds only finite numbers and strings within the limit.
   *
   * @throws EvaluationException naming {@code where} otherwise
   */
  static void check(String where, Object value, OperatorLimits limits) {
    if (!(value instanceof Double
        || value instanceof Long
        || value instanceof Boolean
        || value instanceof String
        || value instanceof com.google.common.primitives.UnsignedLong
        || value instanceof List<?>
        || value instanceof Map<?, ?>
        || value == null)) {
      throw new EvaluationException(
          where + " is a " + value.getClass().getSimpleName() + ", which has no JSON form");
    }
    if (value instanceof Double d && !Double.isFinite(d)) {
      throw new EvaluationException(where + " is " + d + "; numbers must stay finite");
    }
    if (value instanceof String s && s.length() > limits.maxStringLength()) {
      throw new EvaluationException(
          where
              + " is a string of "
              + s.length()
              + " characters; the limit is "
              + limits.maxStringLength());
    }
    if (value instanceof List<?> list) {
      int i = 0;
      for (Object item : list) {
        check(where + "[" + i++ + "]", item, limits);
      }
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        check(where + "." + e.getKey(), e.getValue(), limits);
      }
    }
  }

  /** The number of list elements and map entries in {@code value}, nested ones included. */
  static long size(Object value) {
    if (value instanceof List<?> list) {
      long n = list.size();
      for (Object item : list) {
        n += size(item);
      }
      return n;
    }
    if (value instanceof Map<?, ?> map) {
      long n = map.size();
      for (Object item : map.values()) {
        n += size(item);
      }
      return n;
    }
    return 0;
  }

  /** A CEL value as plain JSON-friendly Java values (unsigned integers become longs). */
  static Object toJson(Object value) {
    if (value instanceof com.google.common.primitives.UnsignedLong u) {
      return u.longValue();
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(toJson(item));
      }
      return out;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      map.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
      return out;
    }
    return value;
  }
}
