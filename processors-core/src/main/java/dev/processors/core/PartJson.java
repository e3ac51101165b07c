package dev.processors.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes parts to JSON and reads them back unchanged, so a pipeline can be cut at any stage and its
 * halves run in different processes (over a queue or a WebSocket).
 *
 * <p>The format is one object per part: {@code {"content":{"type":"text","text":"hi"},
 * "role":"user","substream":"","metadata":{}}}. Bytes are base64; function arguments, responses and
 * JSON parts are embedded as JSON, not as strings. Thread-safe; malformed input throws {@link
 * IllegalArgumentException} saying what is wrong.
 */
public final class PartJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private PartJson() {}

  /** The part as a JSON string. */
  public static String write(ProcessorPart part) {
    return toTree(part).toString();
  }

  /** The part as a Jackson tree (a fresh, mutable copy). */
  public static ObjectNode toTree(ProcessorPart part) {
    ObjectNode root = NODES.objectNode();
    ObjectNode content = root.putObject("content");
    switch (part.content()) {
      case Content.Text t -> content.put("type", "text").put("text", t.text());
      case Content.Blob b ->
          content
              .put("type", "blob")
              .put("mimeType", b.mimeType())
              .put("data", Base64.getEncoder().encodeToString(b.unsafeArray()));
      case Content.FunctionCall c -> {
        content.put("type", "function_call").put("id", c.id()).put("name", c.name());
        content.set("arguments", JsonText.parse(c.arguments()));
      }
      case Content.FunctionResponse r -> {
        content.put("type", "function_response").put("id", r.id()).put("name", r.name());
        content.set("response", JsonText.parse(r.response()));
      }
      case Content.Json j -> content.put("type", "json").set("json", JsonText.parse(j.json()));
      case Content.Signal s ->
          content
              .put("type", "signal")
              .put("kind", s.kind().wireName())
              .put("control", s.control());
    }
    root.put("role", part.role());
    root.put("substream", part.substream());
    root.set("metadata", JsonText.MAPPER.valueToTree(part.metadata()));
    return root;
  }

  /** Reads a part written by {@link #write}. */
  public static ProcessorPart read(String json) {
    JsonNode root;
    try {
      root = JsonText.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("part JSON is malformed: " + e.getOriginalMessage(), e);
    }
    return fromTree(root);
  }

  /** Reads a part from a Jackson tree in the format of {@link #toTree}. */
  public static ProcessorPart fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("part JSON must be an object");
    }
    JsonNode c = required(root, "content");
    String type = text(c, "type");
    Content content =
        switch (type) {
          case "text" -> new Content.Text(text(c, "text"));
          case "blob" -> Content.Blob.wrap(decode(text(c, "data")), text(c, "mimeType"));
          case "function_call" ->
              new Content.FunctionCall(
                  text(c, "id"), text(c, "name"), required(c, "arguments").toString());
          case "function_response" ->
              new Content.FunctionResponse(
                  text(c, "id"), text(c, "name"), required(c, "response").toString());
          case "json" -> new Content.Json(required(c, "json").toString());
          case "signal" ->
              new Content.Signal(
                  SignalKind.fromWireName(text(c, "kind")), required(c, "control").asBoolean());
          default -> throw new IllegalArgumentException("unknown part content type '" + type + "'");
        };
    String role = root.has("role") ? text(root, "role") : ProcessorPart.USER;
    String substream = root.has("substream") ? text(root, "substream") : "";
    Map<String, Object> metadata = Map.of();
    JsonNode m = root.get("metadata");
    if (m != null && !m.isNull()) {
      if (!m.isObject()) {
        throw new IllegalArgumentException("part JSON 'metadata' must be an object");
      }
      LinkedHashMap<String, Object> raw = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        raw.put(e.getKey(), JsonText.MAPPER.convertValue(e.getValue(), Object.class));
      }
      metadata = MetadataValues.normalizeMap("metadata", raw);
    }
    return ProcessorPart.restore(content, role, substream, metadata);
  }

  private static JsonNode required(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("part JSON lacks '" + field + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("part JSON '" + field + "' must be a string");
    }
    return value.asText();
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("part JSON 'data' is not base64: " + e.getMessage(), e);
    }
  }
}
