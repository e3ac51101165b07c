package dev.processors.openai;

import static dev.processors.model.spi.JsonEvents.nextField;
import static dev.processors.model.spi.JsonEvents.string;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.JsonEvents;
import dev.processors.model.spi.StreamedBody;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads OpenAI Responses API events with Jackson's streaming parser into a {@link
 * GenerationOutput}, producing what {@link OpenAiResponsesBackend} produces from the SDK's event
 * objects. The frequent events (text, refusal, reasoning and argument deltas) are read field by
 * field without building anything; the rare ones (items added and done, created, completed, failed,
 * error) are read as a small tree. The stream has ended properly after {@code response.completed}
 * or {@code response.incomplete}; {@code response.failed} and {@code error} are typed by their code
 * ({@link OpenAiErrors#forCode}).
 *
 * <p>Used by one thread, for one attempt.
 */
final class OpenAiResponsesStreamReader implements StreamedBody.Events {
  private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final String PROVIDER = OpenAiRequests.PROVIDER;

  private final GenerationOutput out;
  private final Map<String, CallState> calls = new HashMap<>();
  private int ordinals;
  private boolean done;

  OpenAiResponsesStreamReader(GenerationOutput out) {
    this.out = out;
  }

  private static final class CallState {
    final int ordinal;
    final String callId;
    final String name;
    boolean emitted;

    CallState(int ordinal, String callId, String name) {
      this.ordinal = ordinal;
      this.callId = callId;
      this.name = name;
    }
  }

  @Override
  public boolean ended() {
    return done;
  }

  @Override
  public String endEvent() {
    return "response.completed";
  }

  @Override
  public void onEvent(byte[] bytes, int offset, int length) throws IOException {
    if (done) {
      return;
    }
    try (JsonParser p = JsonEvents.open(PROVIDER, bytes, offset, length)) {
      String first = nextField(p);
      if ("type".equals(first) && p.currentToken() == JsonToken.VALUE_STRING) {
        String type = p.getText();
        if (!streamed(type, p)) {
          ObjectNode event = rest(p);
          event.put("type", type);
          handle(type, event);
        }
      } else {
        ObjectNode event = MAPPER.createObjectNode();
        if (first != null) {
          event.set(first, MAPPER.readTree(p));
          event.setAll(rest(p));
        }
        handle(event.path("type").asText(""), event);
      }
    } catch (JsonProcessingException e) {
      throw JsonEvents.malformed(PROVIDER, e, bytes, offset, length);
    }
  }

  /** Reads a frequent event field by field; false if {@code type} is not one. */
  private boolean streamed(String type, JsonParser p) throws IOException {
    switch (type) {
      case "response.output_text.delta", "response.refusal.delta" -> out.text(delta(p));
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
          out.thought(delta(p));
      case "response.function_call_arguments.delta" -> {
        String itemId = null;
        String delta = null;
        for (String field = nextField(p); field != null; field = nextField(p)) {
          switch (field) {
            case "item_id" -> itemId = string(p);
            case "delta" -> delta = string(p);
            default -> p.skipChildren();
          }
        }
        argumentsDelta(itemId, delta);
      }
      default -> {
        return false;
      }
    }
    return true;
  }

  private static String delta(JsonParser p) throws IOException {
    String delta = null;
    for (String field = nextField(p); field != null; field = nextField(p)) {
      if (field.equals("delta")) {
        delta = string(p);
      } else {
        p.skipChildren();
      }
    }
    return delta == null ? "" : delta;
  }

  private static ObjectNode rest(JsonParser p) throws IOException {
    ObjectNode node = MAPPER.createObjectNode();
    for (String field = nextField(p); field != null; field = nextField(p)) {
      node.set(field, MAPPER.readTree(p));
    }
    return node;
  }

  private void argumentsDelta(String itemId, String delta) {
    CallState c = itemId == null ? null : calls.get(itemId);
    if (c != null && delta != null) {
      out.argumentsDelta(c.ordinal, c.callId, c.name, delta);
    }
  }

  /** Handles any event from its tree (the rare ones, or any event whose type is not first). */
  private void handle(String type, JsonNode e) {
    switch (type) {
      case "response.output_text.delta", "response.refusal.delta" ->
          out.text(e.path("delta").asText(""));
      case "response.reasoning_summary_text.delta", "response.reasoning_text.delta" ->
          out.thought(e.path("delta").asText(""));
      case "response.function_call_arguments.delta" ->
          argumentsDelta(text(e, "item_id"), text(e, "delta"));
      case "response.function_call_arguments.done" -> {
        CallState c = calls.get(e.path("item_id").asText(""));
        if (c != null && !c.emitted) {
          c.emitted = true;
          out.functionCall(c.callId, c.name, e.path("arguments").asText(""), Map.of());
        }
      }
      case "response.output_item.added" -> {
        JsonNode item = e.path("item");
        if ("function_call".equals(item.path("type").asText())) {
          String callId = item.path("call_id").asText("");
          CallState c = new CallState(ordinals++, callId, item.path("name").asText("unnamed"));
          calls.put(key(item, callId), c);
          out.functionCallStarted(c.ordinal, c.callId, c.name);
        }
      }
      case "response.output_item.done" -> itemDone(e.path("item"));
      case "response.created" -> {
        JsonNode r = e.path("response");
        info(r);
        out.responseCreated(text(r, "id"), text(r, "model"));
      }
      case "response.completed" -> {
        info(e.path("response"));
        out.finishReason("completed");
        done = true;
      }
      case "response.incomplete" -> {
        JsonNode r = e.path("response");
        info(r);
        String reason = text(r.path("incomplete_details"), "reason");
        out.finishReason("incomplete" + (reason == null ? "" : ":" + reason));
        done = true;
      }
      case "response.failed" -> {
        JsonNode error = e.path("response").path("error");
        String code = text(error, "code");
        String message = text(error, "message");
        throw OpenAiErrors.forCode(
            code == null ? "failed" : code,
            "",
            message == null ? "the response failed" : message,
            null);
      }
      case "error" -> {
        String code = text(e, "code");
        String message = text(e, "message");
        throw OpenAiErrors.forCode(
            code == null ? "" : code, "", message == null ? "" : message, null);
      }
      default -> {}
    }
  }

  private void itemDone(JsonNode item) {
    if (!"function_call".equals(item.path("type").asText())) {
      return;
    }
    String callId = item.path("call_id").asText("");
    String name = item.path("name").asText("unnamed");
    CallState c =
        calls.computeIfAbsent(key(item, callId), k -> new CallState(ordinals++, callId, name));
    if (!c.emitted) {
      c.emitted = true;
      out.functionCall(callId, name, item.path("arguments").asText(""), Map.of());
    }
  }

  private static String key(JsonNode item, String callId) {
    String id = text(item, "id");
    return id == null ? callId : id;
  }

  private void info(JsonNode r) {
    out.responseId(text(r, "id"));
    out.modelVersion(text(r, "model"));
    JsonNode u = r.path("usage");
    if (u.isObject()) {
      out.usage(
          number(u, "input_tokens"),
          number(u, "output_tokens"),
          number(u, "total_tokens"),
          number(u.path("output_tokens_details"), "reasoning_tokens"),
          number(u.path("input_tokens_details"), "cached_tokens"));
    }
  }

  /** A string (or scalar) field as text, or null when absent or null. */
  private static String text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  private static Long number(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v != null && v.isIntegralNumber() ? v.longValue() : null;
  }
}
