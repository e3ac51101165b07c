package dev.processors.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/** Canonical JSON text for the JSON-carrying content records. */
final class JsonText {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonText() {}

  static String canonical(String json, String what) {
    Objects.requireNonNull(json, what);
    return MAPPER.valueToTree(parseChecked(json, what)).toString();
  }

  static String canonicalObject(String json, String what) {
    JsonNode node = parseChecked(Objects.requireNonNull(json, what), what);
    if (!node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object, got: " + abbreviate(json));
    }
    return node.toString();
  }

  static String write(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " cannot be written as JSON: " + e.getMessage(), e);
    }
  }

  static JsonNode parse(String json) {
    return parseChecked(json, "json");
  }

  private static JsonNode parseChecked(String json, String what) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new IllegalArgumentException(what + " is empty, expected JSON");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what + " is not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(json), e);
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
