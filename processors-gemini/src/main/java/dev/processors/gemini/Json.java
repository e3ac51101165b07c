package dev.processors.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/** The module's shared Jackson mapper and the few conversions it needs. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private Json() {}

  /** {@code value} as JSON text; {@code what} names it in the error. */
  static String write(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /** JSON text parsed as a tree. */
  static JsonNode parse(String json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A JSON object as a map of plain values; a non-object becomes {@code {"result": value}}. */
  static Map<String, Object> toMap(String json) {
    JsonNode node = parse(json, "JSON value");
    if (node.isObject()) {
      return MAPPER.convertValue(node, MAP);
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("result", MAPPER.convertValue(node, Object.class));
    return wrapped;
  }
}
