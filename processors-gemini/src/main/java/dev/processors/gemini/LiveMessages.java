package dev.processors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.core.Content;
import dev.processors.core.MimeTypes;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import dev.processors.model.spi.Json;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Live API's JSON messages (BidiGenerateContent), both ways. */
final class LiveMessages {
  private LiveMessages() {}

  // ------------------------------------------------------------------ client → server

  /** A part on the realtime substream, or null if it has no realtime form. */
  static String realtimeInput(ProcessorPart part) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode in = root.putObject("realtimeInput");
    switch (part.content()) {
      case Content.Blob b -> {
        String field = MimeTypes.isAudio(b.mimeType()) ? "audio" : "video";
        in.putObject(field)
            .put("data", Base64.getEncoder().encodeToString(b.bytes()))
            .put("mimeType", b.mimeType());
      }
      case Content.Text t -> in.put("text", t.text());
      case Content.Signal s -> {
        switch (s.kind()) {
          case START_OF_SPEECH -> in.putObject("activityStart");
          case END_OF_SPEECH -> in.putObject("activityEnd");
          default -> {
            return null;
          }
        }
      }
      default -> {
        return null;
      }
    }
    return root.toString();
  }

  static String clientTurn(List<ProcessorPart> parts, boolean turnComplete) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ObjectNode content = root.putObject("clientContent");
    ArrayNode turns = content.putArray("turns");
    ObjectNode turn = null;
    String role = null;
    for (ProcessorPart p : parts) {
      String r = p.role().equals(ProcessorPart.MODEL) ? "model" : "user";
      if (turn == null || !r.equals(role)) {
        turn = turns.addObject();
        turn.putArray("parts");
        turn.put("role", r);
        role = r;
      }
      ArrayNode ps = (ArrayNode) turn.get("parts");
      switch (p.content()) {
        case Content.Text t -> ps.addObject().put("text", t.text());
        case Content.Blob b ->
            ps.addObject()
                .putObject("inlineData")
                .put("mimeType", b.mimeType())
                .put("data", Base64.getEncoder().encodeToString(b.bytes()));
        default -> {}
      }
    }
    content.put("turnComplete", turnComplete);
    return root.toString();
  }

  static String toolResponse(List<Content.FunctionResponse> responses) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    ArrayNode list = root.putObject("toolResponse").putArray("functionResponses");
    for (Content.FunctionResponse r : responses) {
      ObjectNode o = list.addObject().put("id", r.id()).put("name", r.name());
      JsonNode response = r.responseNode();
      if (response.isObject()) {
        o.set("response", response);
      } else {
        o.putObject("response").set("result", response);
      }
    }
    return root.toString();
  }

  static String audioStreamEnd() {
    return "{\"realtimeInput\":{\"audioStreamEnd\":true}}";
  }

  // ------------------------------------------------------------------ server → client

  /** What one server message means for the processor, besides the parts it carries. */
  record Decoded(
      List<ProcessorPart> parts,
      Optional<String> newHandle,
      boolean goAway,
      boolean modelActive,
      boolean turnComplete,
      boolean interrupted,
      boolean toolCall) {}

  /**
   * Reads one server message.
   *
   * @throws LiveApiProtocolException if the message breaks the protocol
   */
  static Decoded decode(JsonNode m) {
    List<ProcessorPart> parts = new ArrayList<>();
    Optional<String> handle = Optional.empty();
    boolean active = false;
    boolean turnComplete = false;
    boolean interrupted = false;
    JsonNode sc = m.get("serverContent");
    if (sc != null) {
      JsonNode turn = sc.path("modelTurn").path("parts");
      for (JsonNode p : turn) {
        active = true;
        if (p.has("text")) {
          parts.add(ProcessorPart.text(p.get("text").asText()).withRole(ProcessorPart.MODEL));
        } else if (p.has("inlineData")) {
          parts.add(inlineData(p.get("inlineData")).withRole(ProcessorPart.MODEL));
        }
      }
      if (sc.has("inputTranscription") && sc.get("inputTranscription").has("text")) {
        parts.add(
            ProcessorPart.text(sc.get("inputTranscription").get("text").asText())
                .withSubstream(ModelParts.INPUT_TRANSCRIPTION));
      }
      if (sc.has("outputTranscription") && sc.get("outputTranscription").has("text")) {
        active = true;
        parts.add(
            ProcessorPart.text(sc.get("outputTranscription").get("text").asText())
                .withRole(ProcessorPart.MODEL)
                .withSubstream(ModelParts.OUTPUT_TRANSCRIPTION));
      }
      if (sc.path("interrupted").asBoolean(false)) {
        interrupted = true;
        parts.add(ProcessorPart.interrupted());
      }
      if (sc.path("generationComplete").asBoolean(false)) {
        parts.add(
            ProcessorPart.signal(SignalKind.GENERATION_COMPLETE).withRole(ProcessorPart.MODEL));
      }
      if (sc.path("turnComplete").asBoolean(false)) {
        turnComplete = true;
        ProcessorPart end = ProcessorPart.endOfTurn().withRole(ProcessorPart.MODEL);
        if (m.has("usageMetadata")) {
          end = end.withMetadata("usage", usage(m.get("usageMetadata")));
        }
        parts.add(end);
      }
    }
    JsonNode tc = m.get("toolCall");
    if (tc != null) {
      for (JsonNode call : tc.path("functionCalls")) {
        parts.add(functionCall(call));
      }
    }
    JsonNode cancel = m.get("toolCallCancellation");
    if (cancel != null) {
      parts.add(ProcessorPart.debug("tool calls cancelled by the server: " + cancel.path("ids")));
    }
    if (m.has("usageMetadata") && (sc == null || !sc.path("turnComplete").asBoolean(false))) {
      parts.add(ProcessorPart.debug("usage").withMetadata("usage", usage(m.get("usageMetadata"))));
    }
    JsonNode update = m.get("sessionResumptionUpdate");
    if (update != null
        && update.path("resumable").asBoolean(true)
        && update.hasNonNull("newHandle")) {
      handle = Optional.of(update.get("newHandle").asText());
    }
    return new Decoded(
        parts, handle, m.has("goAway"), active, turnComplete, interrupted, tc != null);
  }

  /**
   * A model blob.
   *
   * @throws LiveApiProtocolException if the data is not base64 or the MIME type is not one
   */
  private static ProcessorPart inlineData(JsonNode d) {
    JsonNode data = d.path("data");
    if (!data.isTextual()) {
      throw new LiveApiProtocolException("inlineData without base64 data: " + abbreviate(d), null);
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(data.asText());
    } catch (IllegalArgumentException e) {
      throw new LiveApiProtocolException(
          "inlineData.data is not base64 (" + e.getMessage() + ")", e);
    }
    String mime = d.path("mimeType").asText("application/octet-stream");
    try {
      return ProcessorPart.blob(bytes, mime);
    } catch (IllegalArgumentException e) {
      throw new LiveApiProtocolException(
          "inlineData has a bad MIME type '" + abbreviate(mime) + "': " + e.getMessage(), e);
    }
  }

  /**
   * A tool call.
   *
   * @throws LiveApiProtocolException if it has no name or its arguments are not an object
   */
  private static ProcessorPart functionCall(JsonNode call) {
    JsonNode name = call.path("name");
    if (!name.isTextual() || name.asText().isBlank()) {
      throw new LiveApiProtocolException("a tool call has no name: " + abbreviate(call), null);
    }
    JsonNode args = call.has("args") ? call.get("args") : Json.MAPPER.createObjectNode();
    if (!args.isObject()) {
      throw new LiveApiProtocolException(
          "the arguments of tool call '"
              + name.asText()
              + "' are not an object: "
              + abbreviate(args),
          null);
    }
    try {
      return ProcessorPart.functionCall(call.path("id").asText(""), name.asText(), args.toString());
    } catch (IllegalArgumentException e) {
      throw new LiveApiProtocolException(
          "tool call '" + abbreviate(name.asText()) + "' is malformed: " + e.getMessage(), e);
    }
  }

  private static String abbreviate(Object o) {
    String s = String.valueOf(o);
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }

  private static Map<String, Object> usage(JsonNode u) {
    Map<String, Object> out = new java.util.LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = u.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        out.put(e.getKey(), e.getValue().asLong());
      }
    }
    return out;
  }
}
