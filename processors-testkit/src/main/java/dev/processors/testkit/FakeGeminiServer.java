package dev.processors.testkit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Gemini API on 127.0.0.1 that speaks the real {@code streamGenerateContent?alt=sse} wire
 * format, so the Google GenAI SDK (and anything built on it) runs against it unchanged.
 *
 * <pre>{@code
 * try (FakeGeminiServer fake = FakeGeminiServer.start()) {
 *   fake.enqueue(FakeTurn.text("Hello", ", world"));
 *   Client client = Client.builder().apiKey("test-key")
 *       .httpOptions(HttpOptions.builder().baseUrl(fake.baseUrl()).build()).build();
 *   // ... stream from the client; then inspect fake.requests()
 * }
 * }</pre>
 *
 * <p>Each {@code data:} event is one {@code GenerateContentResponse}: a text delta or a whole
 * function call (the Gemini API sends no argument deltas), with cumulative {@code usageMetadata};
 * the last content event carries {@code finishReason: STOP}. The stream ends at end of body, with
 * no {@code [DONE]}. An in-stream error is {@code data: {"error":{...}}}. Requests to other
 * endpoints get a 404 in the API's error format. Thread-safe; see {@link FakeModelServer} for
 * scripting and inspection.
 */
public final class FakeGeminiServer extends FakeModelServer {
  private static final Pattern STREAM_PATH =
      Pattern.compile("/[^/]+/models/([^/:]+):streamGenerateContent");

  private FakeGeminiServer(boolean tls) {
    super("fake-gemini", tls);
  }

  /**
   * Starts a server on 127.0.0.1 and an ephemeral port.
   *
   * @throws java.io.UncheckedIOException if no port can be bound
   */
  public static FakeGeminiServer start() {
    return new FakeGeminiServer(false);
  }

  /**
   * Starts a server that speaks HTTPS on 127.0.0.1 with the testkit's self-signed certificate;
   * clients trust it through {@link FakeTls}.
   *
   * @throws java.io.UncheckedIOException if no port can be bound
   */
  public static FakeGeminiServer startTls() {
    return new FakeGeminiServer(true);
  }

  /** {@code http://127.0.0.1:PORT}, or {@code https://...} for {@link #startTls()}. */
  @Override
  public String baseUrl() {
    return origin();
  }

  @Override
  public FakeGeminiServer enqueue(FakeTurn... turns) {
    super.enqueue(turns);
    return this;
  }

  @Override
  void respond(RecordedRequest request, FakeTurn turn, ModelExchange ex)
      throws IOException, InterruptedException {
    Matcher m = STREAM_PATH.matcher(request.path());
    if (!request.method().equals("POST") || !m.matches()) {
      error(ex, 404, "fake Gemini serves only POST .../models/{model}:streamGenerateContent");
      return;
    }
    if (!request.query().contains("alt=sse")) {
      error(ex, 400, "fake Gemini streams only with alt=sse");
      return;
    }
    if (turn == null) {
      error(ex, 400, "no turn scripted for request #" + requests().size());
      return;
    }
    play(turn, ex, new Renderer(m.group(1), "fake-resp-" + requests().size()));
  }

  @Override
  String errorBody(int status, String message) {
    ObjectNode root = object();
    root.putObject("error")
        .put("code", status)
        .put("message", message)
        .put("status", statusName(status));
    return root.toString();
  }

  static String statusName(int status) {
    return switch (status) {
      case 400 -> "INVALID_ARGUMENT";
      case 401 -> "UNAUTHENTICATED";
      case 403 -> "PERMISSION_DENIED";
      case 404 -> "NOT_FOUND";
      case 408, 504 -> "DEADLINE_EXCEEDED";
      case 429 -> "RESOURCE_EXHAUSTED";
      case 503 -> "UNAVAILABLE";
      default -> status >= 500 ? "INTERNAL" : "FAILED_PRECONDITION";
    };
  }

  /** Renders one response. */
  private static final class Renderer implements TurnRenderer {
    private final String model;
    private final String responseId;
    private int inputTokens = 7;
    private int outputTokens = -1;
    private int deltas;

    Renderer(String model, String responseId) {
      this.model = model;
      this.responseId = responseId;
    }

    @Override
    public String begin() {
      return "";
    }

    @Override
    public String text(String delta, boolean last) {
      ObjectNode part = object().put("text", delta);
      return chunk(part, last);
    }

    @Override
    public String thought(String delta, boolean last) {
      ObjectNode part = object().put("text", delta).put("thought", true);
      return chunk(part, last);
    }

    @Override
    public void call(TurnStep.Call call, boolean last, ModelExchange ex) throws IOException {
      ObjectNode part = object();
      ObjectNode fc = part.putObject("functionCall");
      fc.put("id", call.id()).put("name", call.name());
      fc.set("args", MAPPER.readTree(call.arguments()));
      ex.send(chunk(part, last));
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
          .put("code", code)
          .put("message", message)
          .put("status", statusName(code));
      return "data: " + root + "\r\n\r\n";
    }

    @Override
    public String end(boolean hadContent) {
      if (hadContent) {
        return "";
      }
      return chunk(object().put("text", ""), true);
    }

    @Override
    public String terminal() {
      return chunk(object().put("text", ""), true);
    }

    private String chunk(ObjectNode part, boolean last) {
      deltas++;
      ObjectNode root = object();
      ArrayNode candidates = root.putArray("candidates");
      ObjectNode candidate = candidates.addObject();
      ObjectNode content = candidate.putObject("content");
      content.putArray("parts").add(part);
      content.put("role", "model");
      if (last) {
        candidate.put("finishReason", "STOP");
      }
      candidate.put("index", 0);
      int out = last && outputTokens >= 0 ? outputTokens : deltas;
      root.putObject("usageMetadata")
          .put("promptTokenCount", inputTokens)
          .put("candidatesTokenCount", out)
          .put("totalTokenCount", inputTokens + out);
      root.put("modelVersion", model);
      root.put("responseId", responseId);
      return "data: " + root + "\r\n\r\n";
    }
  }
}
