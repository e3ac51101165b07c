package dev.processors.openai;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import dev.processors.testkit.FakeTurn;
import java.util.List;

/**
 * Event-stream bodies in the OpenAI wire format, written out event by event for the shapes the fake
 * server's scripted turns do not produce (fields in another order, a call known only from its done
 * item, an error after the finish reason...), and helpers to read the parts a model emitted.
 */
final class OpenAiWire {
  private OpenAiWire() {}

  /** A whole HTTP 200 event stream with {@code body} as it is. */
  static FakeTurn stream(String... events) {
    return FakeTurn.httpResponse(200, "text/event-stream", String.join("", events));
  }

  /** A Responses API event of {@code type}; {@code fields} are the other fields, JSON. */
  static String event(String type, String fields) {
    if (!fields.contains("\"sequence_number\"")) {
      fields = fields + (fields.isEmpty() ? "" : ",") + "\"sequence_number\":0";
    }
    return "event: "
        + type
        + "\ndata: {\"type\":\""
        + type
        + "\""
        + (fields.isEmpty() ? "" : "," + fields)
        + "}\n\n";
  }

  /** A Responses API event whose JSON is exactly {@code json} (the type anywhere in it). */
  static String rawEvent(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }

  /** A Responses API response object. */
  static String response(String id, String model, String status, String usage) {
    return "{\"id\":\""
        + id
        + "\",\"object\":\"response\",\"created_at\":1764000000,\"status\":\""
        + status
        + "\",\"error\":null,\"incomplete_details\":null,\"instructions\":null,"
        + "\"max_output_tokens\":null,\"model\":\""
        + model
        + "\",\"output\":[],\"parallel_tool_calls\":true,\"previous_response_id\":null,"
        + "\"store\":false,\"temperature\":1.0,\"tool_choice\":\"auto\",\"tools\":[],"
        + "\"top_p\":1.0,\"truncation\":\"disabled\",\"usage\":"
        + usage
        + ",\"metadata\":{}}";
  }

  static String created() {
    return event(
        "response.created",
        "\"sequence_number\":0,\"response\":"
            + response("resp_1", "gpt-4.1-mini-2025-04-14", "in_progress", "null"));
  }

  static String completed() {
    return event(
        "response.completed",
        "\"sequence_number\":99,\"response\":"
            + response("resp_1", "gpt-4.1-mini-2025-04-14", "completed", "null"));
  }

  static String functionCallItem(String itemId, String callId, String name, String args) {
    return "{\"id\":\""
        + itemId
        + "\",\"type\":\"function_call\",\"status\":\"completed\",\"arguments\":"
        + quote(args)
        + ",\"call_id\":\""
        + callId
        + "\",\"name\":\""
        + name
        + "\"}";
  }

  /** A Chat Completions chunk whose choice 0 (or {@code choices}, JSON) is given. */
  static String chunk(String choices) {
    return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1764000000,\"model\":\"gpt-4.1-mini-2025-04-14\",\"choices\":["
        + choices
        + "]}\n\n";
  }

  /** A choice of a chunk: {@code delta} (JSON) and a finish reason or null. */
  static String choice(int index, String delta, String finishReason) {
    return "{\"index\":"
        + index
        + ",\"delta\":"
        + delta
        + ",\"finish_reason\":"
        + (finishReason == null ? "null" : "\"" + finishReason + "\"")
        + "}";
  }

  /** A tool call delta of a chunk's choice 0. */
  static String toolCallDelta(int index, String id, String name, String arguments) {
    return "{\"tool_calls\":[{\"index\":"
        + index
        + (id == null ? "" : ",\"id\":\"" + id + "\",\"type\":\"function\"")
        + ",\"function\":{"
        + (name == null ? "" : "\"name\":\"" + name + "\",")
        + "\"arguments\":"
        + quote(arguments)
        + "}}]}";
  }

  static final String DONE = "data: [DONE]\n\n";

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static List<Content.FunctionCall> calls(List<ProcessorPart> parts) {
    return parts.stream()
        .map(ProcessorPart::content)
        .filter(Content.FunctionCall.class::isInstance)
        .map(Content.FunctionCall.class::cast)
        .toList();
  }

  static List<String> partialArguments(List<ProcessorPart> parts) {
    return parts.stream()
        .filter(p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM))
        .map(p -> ((Content.Json) p.content()).json())
        .toList();
  }

  static List<String> thoughts(List<ProcessorPart> parts) {
    return parts.stream()
        .filter(p -> p.substream().equals(ModelParts.THOUGHT_SUBSTREAM))
        .map(p -> p.text().orElseThrow())
        .toList();
  }

  static ProcessorPart completion(List<ProcessorPart> parts) {
    ProcessorPart last = parts.get(parts.size() - 1);
    if (!last.isSignal(SignalKind.GENERATION_COMPLETE)) {
      throw new AssertionError("the last part is not the completion: " + last);
    }
    return last;
  }
}
