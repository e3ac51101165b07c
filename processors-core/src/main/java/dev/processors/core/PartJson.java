package dev.processors.core;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Writes parts to JSON and reads them back unchanged, so a pipeline can be cut at any stage and its
 * halves run in different processes (over a queue or a WebSocket).
 *
 * <p>The format is one object per part: {@code {"content":{"type":"text","text":"hi"},
 * "role":"user","substream":"","metadata":{}}}. Bytes are base64 (a blob of any size that fits a
 * Java string reads back); function arguments, responses and JSON parts are embedded as JSON, not
 * as strings.
 *
 * <p>Reading is strict, so nothing is silently lost or changed: exactly one object (whitespace
 * around it only), no fields other than those above, {@code control} a JSON boolean, numbers within
 * the range of a double, and metadata values within the metadata domain of {@link
 * ProcessorPart#withMetadata} (integers within 64 bits, no {@code null}s). A metadata number with a
 * fraction reads as the nearest double.
 *
 * <p>Thread-safe. Malformed input throws {@link IllegalArgumentException} naming the field, e.g.
 * {@code part JSON 'content.control' must be true or false, got "yes"}.
 */
public final class PartJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> PART_FIELDS = Set.of("content", "role", "substream", "metadata");

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

  /**
   * Reads a part written by {@link #write}.
   *
   * @throws IllegalArgumentException if {@code json} is not exactly one part object, naming what is
   *     wrong
   */
  public static ProcessorPart read(String json) {
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try (JsonParser parser = JsonText.MAPPER.createParser(json)) {
      root = JsonText.MAPPER.readTree(parser);
      if (root == null || root.isMissingNode()) {
        throw new IllegalArgumentException("part JSON is empty");
      }
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(
            "part JSON has more after the part object, at character "
                + parser.currentTokenLocation().getCharOffset()
                + ": one part per JSON text");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("part JSON is malformed: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("part JSON cannot be read: " + e.getMessage(), e);
    }
    return fromTree(root);
  }

  /**
   * Reads a part from a Jackson tree in the format of {@link #toTree}.
   *
   * @throws IllegalArgumentException if the tree is not a part object, naming the bad field
   */
  public static ProcessorPart fromTree(JsonNode root) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("part JSON must be an object");
    }
    onlyKnownFields(root, "", PART_FIELDS);
    JsonNode c = required(root, "content", "content");
    if (!c.isObject()) {
      throw new IllegalArgumentException("part JSON 'content' must be an object");
    }
    String type = text(c, "type", "content.type");
    Content content =
        switch (type) {
          case "text" -> {
            onlyKnownFields(c, "content.", Set.of("type", "text"));
            yield new Content.Text(text(c, "text", "content.text"));
          }
          case "blob" -> {
            onlyKnownFields(c, "content.", Set.of("type", "mimeType", "data"));
            String mimeType = text(c, "mimeType", "content.mimeType");
            byte[] data = decode(text(c, "data", "content.data"));
            yield build("content.mimeType", () -> Content.Blob.wrap(data, mimeType));
          }
          case "function_call" -> {
            onlyKnownFields(c, "content.", Set.of("type", "id", "name", "arguments"));
            String id = text(c, "id", "content.id");
            String name = text(c, "name", "content.name");
            String arguments = embedded(c, "arguments");
            yield build("content", () -> new Content.FunctionCall(id, name, arguments));
          }
          case "function_response" -> {
            onlyKnownFields(c, "content.", Set.of("type", "id", "name", "response"));
            String id = text(c, "id", "content.id");
            String name = text(c, "name", "content.name");
            String response = embedded(c, "response");
            yield build("content", () -> new Content.FunctionResponse(id, name, response));
          }
          case "json" -> {
            onlyKnownFields(c, "content.", Set.of("type", "json"));
            String value = embedded(c, "json");
            yield build("content.json", () -> new Content.Json(value));
          }
          case "signal" -> {
            onlyKnownFields(c, "content.", Set.of("type", "kind", "control"));
            String kind = text(c, "kind", "content.kind");
            boolean control = bool(c, "control", "content.control");
            yield build(
                "content.kind", () -> new Content.Signal(SignalKind.fromWireName(kind), control));
          }
          default ->
              throw new IllegalArgumentException(
                  "unknown part content type '" + type + "' in part JSON 'content.type'");
        };
    String role = root.has("role") ? text(root, "role", "role") : ProcessorPart.USER;
    String substream = root.has("substream") ? text(root, "substream", "substream") : "";
    Map<String, Object> metadata = Map.of();
    JsonNode m = root.get("metadata");
    if (m != null && !m.isNull()) {
      metadata = PartJsonMetadata.read(m);
    }
    return ProcessorPart.restore(content, role, substream, metadata);
  }

  /** JSON embedded as a tree: its text, with every number checked to fit a double. */
  private static String embedded(JsonNode content, String field) {
    JsonNode value = required(content, field, "content." + field);
    JsonText.requireFiniteNumbers(value, "part JSON 'content." + field + "'");
    return value.toString();
  }

  private static Content build(String field, java.util.function.Supplier<Content> factory) {
    try {
      return factory.get();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "part JSON '" + field + "' is not valid: " + e.getMessage(), e);
    }
  }

  private static void onlyKnownFields(JsonNode node, String prefix, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!known.contains(name)) {
        throw new IllegalArgumentException(
            "part JSON has an unknown field '" + prefix + name + "'; expected only " + known);
      }
    }
  }

  private static JsonNode required(JsonNode node, String field, String path) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("part JSON lacks '" + path + "'");
    }
    return value;
  }

  private static String text(JsonNode node, String field, String path) {
    JsonNode value = required(node, field, path);
    if (!value.isTextual()) {
      throw new IllegalArgumentException(
          "part JSON '"
              + path
              + "' must be a string, got "
              + JsonText.abbreviate(value.toString()));
    }
    return value.asText();
  }

  private static boolean bool(JsonNode node, String field, String path) {
    JsonNode value = required(node, field, path);
    if (!value.isBoolean()) {
      throw new IllegalArgumentException(
          "part JSON '"
              + path
              + "' must be true or false, got "
              + JsonText.abbreviate(value.toString()));
    }
    return value.booleanValue();
  }

  private static byte[] decode(String base64) {
    try {
      return Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "part JSON 'content.data' is not base64: " + e.getMessage(), e);
    }
  }
}
