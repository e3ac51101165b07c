package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A fake OpenAI API on 127.0.0.1 that speaks the real streaming wire formats of the Responses API
 * ({@code POST /v1/responses}) and of Chat Completions ({@code POST /v1/chat/completions}), so the
 * OpenAI Java SDK runs against it unchanged.
 *
 * <pre>{@code
 * try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
 *   fake.enqueue(FakeTurn.builder().text("Hi").functionCall("get_weather", "{\"city\":\"Paris\"}").build());
 *   OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(fake.baseUrl()).apiKey("sk-test").build();
 *   // ... stream from the client; then inspect fake.requests()
 * }
 * }</pre>
 *
 * <p>Responses: {@code response.created}, {@code response.in_progress}, then per text run a message
 * item ({@code output_item.added}, {@code content_part.added}, {@code output_text.delta}s, and the
 * matching {@code .done} events), per function call a {@code function_call} item whose arguments
 * stream as {@code function_call_arguments.delta}s, and finally {@code response.completed} with the
 * usage. An in-stream error is a {@code type: error} event. Chat Completions: {@code
 * chat.completion.chunk}s with content or {@code tool_calls} deltas, a finish reason, a usage chunk
 * when {@code stream_options.include_usage} is set, and {@code data: [DONE]}; an in-stream error is
 * a top-level {@code error} payload. Thread-safe; see {@link FakeModelServer} for scripting and
 * inspection.
 *
 * <p>{@code POST /v1/conversations} creates a conversation ({@code conv_fake1}, {@code conv_fake2},
 * ...) without taking a scripted turn, so a Responses request can name it in {@code conversation};
 * the fake does not keep the conversation's items (tests read what the SDK sent instead).
 */
public final class FakeOpenAiServer extends FakeModelServer {
  private static final String CONVERSATIONS = "/v1/conversations";

  private final java.util.concurrent.atomic.AtomicLong conversations =
      new java.util.concurrent.atomic.AtomicLong();

  private FakeOpenAiServer() {
    super("fake-openai");
  }

  /**
   * Starts a server on 127.0.0.1 and an ephemeral port.
   *
   * @throws java.io.UncheckedIOException if no port can be bound
   */
  public static FakeOpenAiServer start() {
    return new FakeOpenAiServer();
  }

  /** The base URL including {@code /v1}, as the OpenAI SDK expects it. */
  @Override
  public String baseUrl() {
    return "http://127.0.0.1:" + port() + "/v1";
  }

  @Override
  public FakeOpenAiServer enqueue(FakeTurn... turns) {
    super.enqueue(turns);
    return this;
  }

  @Override
  boolean consumesTurn(RecordedRequest request) {
    return !request.path().equals(CONVERSATIONS);
  }

  @Override
  void respond(RecordedRequest request, FakeTurn turn, Exchange ex)
      throws IOException, InterruptedException {
    if (request.path().equals(CONVERSATIONS) && request.method().equals("POST")) {
      long n = conversations.incrementAndGet();
      ObjectNode conversation =
          object()
              .put("id", "conv_fake" + n)
              .put("object", "conversation")
              .put("created_at", 1741487325 + n);
      conversation.putObject("metadata");
      ex.json(200, conversation.toString(), Map.of());
      return;
    }
    boolean responses = request.path().equals("/v1/responses");
    boolean chat = request.path().equals("/v1/chat/completions");
    if (!request.method().equals("POST") || !(responses || chat)) {
      ex.error(
          404,
          "fake OpenAI serves only POST /v1/responses, /v1/chat/completions and /v1/conversations",
          Map.of());
      return;
    }
    JsonNode body;
    try {
      body = request.json();
    } catch (RuntimeException e) {
      ex.error(400, "request body is not JSON", Map.of());
      return;
    }
    if (!body.path("stream").asBoolean(false)) {
      ex.error(400, "fake OpenAI serves streaming requests only (stream: true)", Map.of());
      return;
    }
    if (turn == null) {
      ex.error(400, "no turn scripted for request #" + requests().size(), Map.of());
      return;
    }
    String model = body.path("model").asText("gpt-fake");
    int n = requests().size();
    if (responses) {
      play(turn, ex, new ResponsesRenderer(model, n));
    } else {
      boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
      play(turn, ex, new ChatRenderer(model, n, usage));
    }
  }

  @Override
  String errorBody(int status, String message) {
    ObjectNode root = object();
    root.putObject("error")
        .put("message", message)
        .put("type", errorType(status))
        .putNull("param")
        .put("code", errorCode(status));
    return root.toString();
  }

  static String errorType(int status) {
    return switch (status) {
      case 401 -> "authentication_error";
      case 403 -> "permission_error";
      case 429 -> "rate_limit_error";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  static String errorCode(int status) {
    return switch (status) {
      case 401 -> "invalid_api_key";
      case 429 -> "rate_limit_exceeded";
      default -> status >= 500 ? "server_error" : "invalid_request_error";
    };
  }

  static List<String> split(String s, int pieces) {
    List<String> out = new ArrayList<>();
    int size = Math.max(1, (s.length() + pieces - 1) / pieces);
    for (int i = 0; i < s.length(); i += size) {
      out.add(s.substring(i, Math.min(s.length(), i + size)));
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }

  /** Renders one Responses API stream. */
  private static final class ResponsesRenderer implements TurnRenderer {
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

    ResponsesRenderer(String model, int n) {
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
                "response.output_item.added",
                object().put("output_index", items).set("item", item)));
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
    public void call(FakeTurn.Call call, boolean last, Exchange ex) throws IOException {
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
      for (String piece : split(call.arguments(), call.chunks())) {
        if (!ex.live()) {
          return;
        }
        ex.send(
            event(
                "response.function_call_arguments.delta",
                object().put("item_id", itemId).put("output_index", items).put("delta", piece)));
      }
      ObjectNode done =
          item.deepCopy().put("status", "completed").put("arguments", call.arguments());
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
                  "response.output_item.done",
                  object().put("output_index", items).set("item", done));
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
      ObjectNode e = object().put("code", errorCode(code)).put("message", message).putNull("param");
      return event("error", e);
    }

    @Override
    public String end(boolean hadContent) {
      String closing = closeMessage();
      return closing
          + event("response.completed", object().set("response", response("completed", true)));
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
                  "response.output_item.done",
                  object().put("output_index", items).set("item", item));
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

  /** Renders one Chat Completions stream. */
  private static final class ChatRenderer implements TurnRenderer {
    private final String model;
    private final String id;
    private final boolean includeUsage;
    private int calls;
    private int inputTokens = 7;
    private int outputTokens = -1;
    private int deltas;

    ChatRenderer(String model, int n, boolean includeUsage) {
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
    public void call(FakeTurn.Call call, boolean last, Exchange ex) throws IOException {
      deltas++;
      int index = calls++;
      ObjectNode first = object();
      ObjectNode tc =
          first.putArray("tool_calls").addObject().put("index", index).put("id", call.id());
      tc.put("type", "function");
      tc.putObject("function").put("name", call.name()).put("arguments", "");
      ex.send(chunk(first, null));
      for (String piece : split(call.arguments(), call.chunks())) {
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
          .put("type", errorType(code))
          .putNull("param")
          .put("code", errorCode(code));
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
}
