package dev.processors.core;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the metadata of a part's JSON into the metadata domain ({@code String, Boolean, Long,
 * Double}, lists and maps of those), naming the exact entry when a value falls outside it.
 */
final class PartJsonMetadata {
  /** Jackson's own default cap on nesting, so a tree built in code cannot overflow the stack. */
  private static final int MAX_DEPTH = 1000;

  private PartJsonMetadata() {}

  /** The metadata map of {@code node}, immutable. */
  static Map<String, Object> read(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          "part JSON 'metadata' must be an object, got " + JsonText.abbreviate(node.toString()));
    }
    LinkedHashMap<String, Object> raw = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      raw.put(e.getKey(), value(e.getValue(), e.getKey(), 1));
    }
    return MetadataValues.normalizeMap("metadata", raw);
  }

  private static Object value(JsonNode node, String path, int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalArgumentException(
          "part JSON 'metadata." + path + "' is nested deeper than " + MAX_DEPTH + " levels");
    }
    return switch (node.getNodeType()) {
      case STRING -> node.textValue();
      case BOOLEAN -> node.booleanValue();
      case NUMBER -> number(node, path);
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          list.add(value(node.get(i), path + "[" + i + "]", depth + 1));
        }
        yield list;
      }
      case OBJECT -> {
        LinkedHashMap<String, Object> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          map.put(e.getKey(), value(e.getValue(), path + "." + e.getKey(), depth + 1));
        }
        yield map;
      }
      case NULL ->
          throw new IllegalArgumentException(
              "part JSON 'metadata."
                  + path
                  + "' is null; metadata values cannot be null (leave the entry out)");
      default ->
          throw new IllegalArgumentException(
              "part JSON 'metadata." + path + "' is not a JSON value: " + node.getNodeType());
    };
  }

  private static Object number(JsonNode node, String path) {
    if (node.isIntegralNumber()) {
      if (!node.canConvertToLong()) {
        throw new IllegalArgumentException(
            "part JSON 'metadata."
                + path
                + "' is the integer "
                + JsonText.abbreviate(node.asText())
                + ", outside the 64-bit range of metadata numbers");
      }
      return node.longValue();
    }
    double d = node.doubleValue();
    if (!Double.isFinite(d)) {
      throw new IllegalArgumentException(
          "part JSON 'metadata."
              + path
              + "' is a number out of the range of a double: "
              + JsonText.abbreviate(node.asText()));
    }
    return d;
  }
}
