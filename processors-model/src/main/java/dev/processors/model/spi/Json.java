package dev.processors.model.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Jackson mapper the model modules share, and the few conversions they need, each failing with
 * an {@link IllegalArgumentException} that names what was converted. Thread-safe (the mapper is
 * configured once and never changed).
 */
public final class Json {
  /** The shared mapper; never reconfigure it. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {};

  private Json() {}

  /**
   * {@code value} as JSON text.
   *
   * @param what names the value in the error
   * @throws IllegalArgumentException if Jackson cannot write it
   */
  public static String write(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  /**
   * JSON text parsed as a tree.
   *
   * @param what names the text in the error
   * @throws IllegalArgumentException if it is not valid JSON
   */
  public static JsonNode parse(String json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * A JSON object as a map of plain values; a non-object becomes {@code {"result": value}}.
   *
   * @throws IllegalArgumentException if {@code json} is not valid JSON
   */
  public static Map<String, Object> toMap(String json) {
    JsonNode node = parse(json, "JSON value");
    if (node.isObject()) {
      return MAPPER.convertValue(node, MAP);
    }
    Map<String, Object> wrapped = new LinkedHashMap<>();
    wrapped.put("result", MAPPER.convertValue(node, Object.class));
    return wrapped;
  }
}
