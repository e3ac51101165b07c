package dev.processors.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Normalises metadata values to the JSON-compatible, immutable set {@code String, Boolean, Long,
 * Double, List, Map}, so a part's metadata survives a JSON round trip unchanged.
 */
final class MetadataValues {
  private MetadataValues() {}

  static Object normalize(String key, Object value) {
    Objects.requireNonNull(key, "metadata key");
    if (value == null) {
      throw new NullPointerException("metadata value for '" + key + "' is null");
    }
    return switch (value) {
      case String s -> s;
      case Boolean b -> b;
      case Long l -> l;
      case Integer i -> i.longValue();
      case Short s -> s.longValue();
      case Byte b -> b.longValue();
      case Double d -> requireFinite(key, d);
      case Float f -> requireFinite(key, f.doubleValue());
      case BigInteger b -> requireLong(key, b);
      case BigDecimal b -> requireFinite(key, b.doubleValue());
      case Enum<?> e -> e.name();
      case List<?> list -> normalizeList(key, list);
      case Map<?, ?> map -> normalizeMap(key, map);
      default ->
          throw new IllegalArgumentException(
              "metadata value for '"
                  + key
                  + "' has type "
                  + value.getClass().getName()
                  + "; use String, Boolean, a number, a List or a Map of those");
    };
  }

  static Map<String, Object> normalizeMap(String key, Map<?, ?> map) {
    LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : map.entrySet()) {
      if (!(e.getKey() instanceof String k)) {
        throw new IllegalArgumentException("metadata map '" + key + "' has a non-String key");
      }
      copy.put(k, normalize(key + "." + k, e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  private static List<Object> normalizeList(String key, List<?> list) {
    List<Object> copy = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      copy.add(normalize(key + "[" + i + "]", list.get(i)));
    }
    return Collections.unmodifiableList(copy);
  }

  private static Long requireLong(String key, BigInteger b) {
    if (b.bitLength() > 63) {
      throw new IllegalArgumentException(
          "metadata value for '"
              + key
              + "' is outside the 64-bit range of metadata integers: "
              + b);
    }
    return b.longValue();
  }

  private static Double requireFinite(String key, double d) {
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException("metadata value for '" + key + "' is not finite: " + d);
    }
    return d;
  }
}
