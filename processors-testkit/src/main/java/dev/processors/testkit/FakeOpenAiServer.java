package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
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

  private FakeOpenAiServer(boolean tls) {
    super("fake-openai", tls);
  }

  /**
   * Starts a server on 127.0.0.1 and an ephemeral port.
   *
   * @throws java.io.UncheckedIOException if no port can be bound
   */
  public static FakeOpenAiServer start() {
    return new FakeOpenAiServer(false);
  }

  /**
   * Starts a server that speaks HTTPS on 127.0.0.1 with the testkit's self-signed certificate;
   * clients trust it through {@link FakeTls}.
   *
   * @throws java.io.UncheckedIOException if no port can be bound
   */
  public static FakeOpenAiServer startTls() {
    return new FakeOpenAiServer(true);
  }

  /** The base URL including {@code /v1}, as the OpenAI SDK expects it ({@code https} with TLS). */
  @Override
  public String baseUrl() {
    return origin() + "/v1";
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
  void respond(RecordedRequest request, FakeTurn turn, ModelExchange ex)
      throws IOException, InterruptedException {
    if (request.path().equals(CONVERSATIONS) && request.method().equals("POST")) {
      long n = conversations.incrementAndGet();
      ObjectNode conversation =
          object()
              .put("id", "conv_fake" + n)
              .put("object", "conversation")
              .put("created_at", 1741487325 + n);
      conversation.putObject("metadata");
      ex.plain(200, "application/json; charset=UTF-8", conversation.toString(), Map.of());
      return;
    }
    boolean responses = request.path().equals("/v1/responses");
    boolean chat = request.path().equals("/v1/chat/completions");
    if (!request.method().equals("POST") || !(responses || chat)) {
      error(
          ex,
          404,
          "fake OpenAI serves only POST /v1/responses, /v1/chat/completions and /v1/conversations");
      return;
    }
    JsonNode body;
    try {
      body = request.json();
    } catch (RuntimeException e) {
      error(ex, 400, "request body is not JSON");
      return;
    }
    if (!body.path("stream").asBoolean(false)) {
      error(ex, 400, "fake OpenAI serves streaming requests only (stream: true)");
      return;
    }
    if (turn == null) {
      error(ex, 400, "no turn scripted for request #" + requests().size());
      return;
    }
    String model = body.path("model").asText("gpt-fake");
    int n = requests().size();
    if (responses) {
      play(turn, ex, new OpenAiResponsesRenderer(model, n));
    } else {
      boolean usage = body.path("stream_options").path("include_usage").asBoolean(false);
      play(turn, ex, new OpenAiChatRenderer(model, n, usage));
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
}
