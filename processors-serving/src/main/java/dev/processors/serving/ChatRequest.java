package dev.processors.serving;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.core.PartJson;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Reads the body of {@code POST /chat} into the run's input parts: {@code {"message": "text"}},
 * {@code {"parts": [part JSON, ...]}} (both may be given: parts first), or a plain-text body as one
 * text part. Thread-safe; a body that cannot be read throws {@link IllegalArgumentException} whose
 * message names the problem, for the 400 answer.
 */
final class ChatRequest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private ChatRequest() {}

  static List<ProcessorPart> parse(String body, String contentType) {
    if (contentType.startsWith("text/plain")) {
      if (body.isBlank()) {
        throw new IllegalArgumentException("the text/plain body is empty: send the message text");
      }
      return List.of(ProcessorPart.text(body));
    }
    if (body.isBlank()) {
      throw new IllegalArgumentException(
          "the body is empty: send {\"message\": \"...\"} or {\"parts\": [...]}");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the body is not valid JSON: "
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(
          "the body must be a JSON object like {\"message\": \"...\"}, got "
              + (root == null ? "nothing" : root.getNodeType().toString().toLowerCase()));
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!field.equals("message") && !field.equals("parts")) {
        throw new IllegalArgumentException(
            "unknown field '" + field + "': the body takes 'message' and/or 'parts'");
      }
    }
    List<ProcessorPart> parts = new ArrayList<>();
    JsonNode list = root.get("parts");
    if (list != null) {
      if (!list.isArray()) {
        throw new IllegalArgumentException("'parts' must be an array of part objects");
      }
      for (int i = 0; i < list.size(); i++) {
        try {
          parts.add(PartJson.fromTree(list.get(i)));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("parts[" + i + "]: " + e.getMessage(), e);
        }
      }
    }
    JsonNode message = root.get("message");
    if (message != null) {
      if (!message.isTextual()) {
        throw new IllegalArgumentException("'message' must be a string");
      }
      parts.add(ProcessorPart.text(message.asText()));
    }
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(
          "nothing to process: give a non-empty 'message' or 'parts'");
    }
    return parts;
  }

  /** {@code {"error": message}} as JSON text. */
  static String error(String message) {
    return MAPPER.createObjectNode().put("error", message).toString();
  }
}
