package dev.processors.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayDeque;
import java.util.Objects;

/** Canonical JSON text for the JSON-carrying content records. */
final class JsonText {
  /**
   * The mapper for every JSON text of the parts. Its input is always a whole string already in
   * memory, so Jackson's default cap on one string value (20 M chars, meant to bound what a stream
   * makes the parser buffer) protects nothing here and would only refuse large blobs: it is lifted.
   * The caps on nesting depth and number length stay.
   */
  static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  .streamReadConstraints(
                      StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
                  .build())
          .build();

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
      requireFiniteNumbers(node, what);
      return node;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          what + " is not valid JSON (" + e.getOriginalMessage() + "): " + abbreviate(json), e);
    }
  }

  /**
   * Rejects a number too large for a double (such as {@code 1e400}): Jackson reads it as infinity,
   * which would be written back as the non-JSON token {@code Infinity}.
   */
  static void requireFiniteNumbers(JsonNode root, String what) {
    ArrayDeque<JsonNode> pending = new ArrayDeque<>();
    pending.push(root);
    while (!pending.isEmpty()) {
      JsonNode node = pending.pop();
      if (node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
        throw new IllegalArgumentException(
            what + " holds a number out of the range of a double (such as 1e400)");
      }
      if (node.isContainerNode()) {
        node.forEach(pending::push);
      }
    }
  }

  static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
