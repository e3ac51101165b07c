package dev.processors.testkit;

import static dev.processors.testkit.FakeModelServer.object;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/** Renders one Chat Completions stream. */
final class OpenAiChatRenderer implements TurnRenderer {
  private final String model;
  private final String id;
  private final boolean includeUsage;
  private int calls;
  private int inputTokens = 7;
  private int outputTokens = -1;
  private int deltas;

  OpenAiChatRenderer(String model, int n, boolean includeUsage) {
    this.model = model;
    this.id = "chatcmpl-fake" + n;
    this.includeUsage = includeUsage;
  }

  @Override
  public String begin() {
    return chunk(object().put("role", "assistant").put("content", ""), null);
  }

  @Override
  public String text(String delta, boolean last) {
    deltas++;
    return chunk(object().put("content", delta), null);
  }

  @Override
  public String thought(String delta, boolean last) {
    return "";
  }

  @Override
  public void call(TurnStep.Call call, boolean last, ModelExchange ex) throws IOException {
    deltas++;
    int index = calls++;
    ObjectNode first = object();
    ObjectNode tc =
        first.putArray("tool_calls").addObject().put("index", index).put("id", call.id());
    tc.put("type", "function");
    tc.putObject("function").put("name", call.name()).put("arguments", "");
    ex.send(chunk(first, null));
    for (String piece : FakeOpenAiServer.split(call.arguments(), call.chunks())) {
      if (!ex.live()) {
        return;
      }
      ObjectNode d = object();
      d.putArray("tool_calls")
          .addObject()
          .put("index", index)
          .putObject("function")
          .put("arguments", piece);
      ex.send(chunk(d, null));
    }
  }

  @Override
  public void usage(int in, int out) {
    inputTokens = in;
    outputTokens = out;
  }

  @Override
  public String error(int code, String message) {
    ObjectNode root = object();
    root.putObject("error")
        .put("message", message)
        .put("type", FakeOpenAiServer.errorType(code))
        .putNull("param")
        .put("code", FakeOpenAiServer.errorCode(code));
    return "data: " + root + "\n\n";
  }

  @Override
  public String end(boolean hadContent) {
    StringBuilder sb = new StringBuilder();
    sb.append(chunk(object(), calls > 0 ? "tool_calls" : "stop"));
    if (includeUsage) {
      int out = outputTokens >= 0 ? outputTokens : deltas;
      ObjectNode root = base();
      root.putArray("choices");
      root.putObject("usage")
          .put("prompt_tokens", inputTokens)
          .put("completion_tokens", out)
          .put("total_tokens", inputTokens + out);
      sb.append("data: ").append(root).append("\n\n");
    }
    sb.append("data: [DONE]\n\n");
    return sb.toString();
  }

  @Override
  public String terminal() {
    return "data: [DONE]\n\n";
  }

  private ObjectNode base() {
    ObjectNode root =
        object()
            .put("id", id)
            .put("object", "chat.completion.chunk")
            .put("created", 1741487325)
            .put("model", model);
    root.putNull("system_fingerprint");
    return root;
  }

  private String chunk(ObjectNode delta, String finishReason) {
    ObjectNode root = base();
    ObjectNode choice = root.putArray("choices").addObject().put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    return "data: " + root + "\n\n";
  }
}
