package dev.processors.testkit;

import static dev.processors.testkit.FakeModelServer.MAPPER;
import static dev.processors.testkit.FakeModelServer.object;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Renders one Responses API stream. */
final class OpenAiResponsesRenderer implements TurnRenderer {
  private final String model;
  private final String responseId;
  private final int n;
  private final ArrayNode output = MAPPER.createArrayNode();
  private int seq;
  private int items;
  private String messageId;
  private StringBuilder messageText;
  private int inputTokens = 7;
  private int outputTokens = -1;
  private int deltas;

  OpenAiResponsesRenderer(String model, int n) {
    this.model = model;
    this.n = n;
    this.responseId = "resp_fake" + n;
  }

  @Override
  public String begin() {
    return event("response.created", object().set("response", response("in_progress", false)))
        + event("response.in_progress", object().set("response", response("in_progress", false)));
  }

  @Override
  public String text(String delta, boolean last) {
    deltas++;
    StringBuilder sb = new StringBuilder();
    if (messageId == null) {
      messageId = "msg_fake" + n + "_" + items;
      messageText = new StringBuilder();
      ObjectNode item =
          object()
              .put("id", messageId)
              .put("type", "message")
              .put("status", "in_progress")
              .put("role", "assistant");
      item.putArray("content");
      sb.append(
          event(
              "response.output_item.added", object().put("output_index", items).set("item", item)));
      sb.append(
          event(
              "response.content_part.added",
              object()
                  .put("item_id", messageId)
                  .put("output_index", items)
                  .put("content_index", 0)
                  .set("part", outputText(""))));
    }
    messageText.append(delta);
    ObjectNode d =
        object()
            .put("item_id", messageId)
            .put("output_index", items)
            .put("content_index", 0)
            .put("delta", delta);
    d.putArray("logprobs");
    sb.append(event("response.output_text.delta", d));
    return sb.toString();
  }

  @Override
  public String thought(String delta, boolean last) {
    return "";
  }

  @Override
  public void call(TurnStep.Call call, boolean last, ModelExchange ex) throws IOException {
    deltas++;
    String closing = closeMessage();
    String itemId = "fc_fake" + n + "_" + items;
    ObjectNode item =
        object()
            .put("id", itemId)
            .put("type", "function_call")
            .put("status", "in_progress")
            .put("arguments", "")
            .put("call_id", call.id())
            .put("name", call.name());
    ex.send(
        closing
            + event(
                "response.output_item.added",
                object().put("output_index", items).set("item", item)));
    for (String piece : FakeOpenAiServer.split(call.arguments(), call.chunks())) {
      if (!ex.live()) {
        return;
      }
      ex.send(
          event(
              "response.function_call_arguments.delta",
              object().put("item_id", itemId).put("output_index", items).put("delta", piece)));
    }
    ObjectNode done = item.deepCopy().put("status", "completed").put("arguments", call.arguments());
    output.add(done);
    String events =
        event(
                "response.function_call_arguments.done",
                object()
                    .put("item_id", itemId)
                    .put("output_index", items)
                    .put("name", call.name())
                    .put("arguments", call.arguments()))
            + event(
                "response.output_item.done", object().put("output_index", items).set("item", done));
    items++;
    ex.send(events);
  }

  @Override
  public void usage(int in, int out) {
    inputTokens = in;
    outputTokens = out;
  }

  @Override
  public String error(int code, String message) {
    ObjectNode e =
        object()
            .put("code", FakeOpenAiServer.errorCode(code))
            .put("message", message)
            .putNull("param");
    return event("error", e);
  }

  @Override
  public String end(boolean hadContent) {
    String closing = closeMessage();
    return closing
        + event("response.completed", object().set("response", response("completed", true)));
  }

  @Override
  public String terminal() {
    return event("response.completed", object().set("response", response("completed", true)));
  }

  private String closeMessage() {
    if (messageId == null) {
      return "";
    }
    String text = messageText.toString();
    ObjectNode textDone =
        object()
            .put("item_id", messageId)
            .put("output_index", items)
            .put("content_index", 0)
            .put("text", text);
    textDone.putArray("logprobs");
    ObjectNode item =
        object()
            .put("id", messageId)
            .put("type", "message")
            .put("status", "completed")
            .put("role", "assistant");
    item.putArray("content").add(outputText(text));
    output.add(item);
    String events =
        event("response.output_text.done", textDone)
            + event(
                "response.content_part.done",
                object()
                    .put("item_id", messageId)
                    .put("output_index", items)
                    .put("content_index", 0)
                    .set("part", outputText(text)))
            + event(
                "response.output_item.done", object().put("output_index", items).set("item", item));
    items++;
    messageId = null;
    return events;
  }

  private static ObjectNode outputText(String text) {
    ObjectNode part = object().put("type", "output_text").put("text", text);
    part.putArray("annotations");
    part.putArray("logprobs");
    return part;
  }

  private ObjectNode response(String status, boolean withUsage) {
    ObjectNode r =
        object()
            .put("id", responseId)
            .put("object", "response")
            .put("created_at", 1741487325)
            .put("status", status);
    r.putNull("error");
    r.putNull("incomplete_details");
    r.putNull("instructions");
    r.putNull("max_output_tokens");
    r.put("model", model);
    r.set("output", withUsage ? output.deepCopy() : MAPPER.createArrayNode());
    r.put("parallel_tool_calls", true);
    r.putNull("previous_response_id");
    r.putObject("reasoning").putNull("effort").putNull("summary");
    r.put("store", true);
    r.put("temperature", 1.0);
    r.putObject("text").putObject("format").put("type", "text");
    r.put("tool_choice", "auto");
    r.putArray("tools");
    r.put("top_p", 1.0);
    r.put("truncation", "disabled");
    if (withUsage) {
      int out = outputTokens >= 0 ? outputTokens : deltas;
      ObjectNode u = r.putObject("usage");
      u.put("input_tokens", inputTokens);
      u.putObject("input_tokens_details").put("cached_tokens", 0);
      u.put("output_tokens", out);
      u.putObject("output_tokens_details").put("reasoning_tokens", 0);
      u.put("total_tokens", inputTokens + out);
    } else {
      r.putNull("usage");
    }
    r.putNull("user");
    r.putObject("metadata");
    return r;
  }

  private String event(String type, ObjectNode payload) {
    ObjectNode e = object().put("type", type);
    e.setAll(payload);
    e.put("sequence_number", seq++);
    return "event: " + type + "\ndata: " + e + "\n\n";
  }
}
