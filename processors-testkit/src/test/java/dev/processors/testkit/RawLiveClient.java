package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The smallest Live client that survives the chaos: one text turn at a time; a turn counts as
 * answered only at {@code turnComplete}; a dropped or closed connection, a frame that is not JSON,
 * a {@code goAway} or a silent server (no answer within a timeout) make it resume on a new
 * connection with the latest handle and send the turn again, up to a number of attempts. The
 * timeout is chosen per attempt, so a test waits briefly only where its plan says the server stays
 * silent and never takes a slow answer on a loaded machine for silence.
 */
final class RawLiveClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNode CLOSED = MAPPER.getNodeFactory().textNode("closed");

  /** The answer (if any attempt got a whole one) and why each failed attempt failed. */
  record Outcome(Optional<String> answer, List<String> failures) {}

  private final HttpClient http = HttpClient.newHttpClient();
  private final String url;
  private WebSocket socket;
  private BlockingQueue<JsonNode> inbox;
  private String handle;

  RawLiveClient(FakeLiveServer server) {
    this.url = server.baseUrl() + "/ws/live";
  }

  /**
   * Asks until a whole answer comes, at most {@code maxAttempts} times; {@code answerTimeout} gives
   * each attempt (0, 1, ...) how long to wait for the next frame before calling the server silent.
   */
  Outcome ask(String prompt, int maxAttempts, IntFunction<Duration> answerTimeout)
      throws Exception {
    List<String> failures = new ArrayList<>();
    for (int attempt = 0; attempt < maxAttempts; attempt++) {
      String problem;
      long timeoutMillis = answerTimeout.apply(attempt).toMillis();
      try {
        if (socket == null) {
          connect();
        }
        socket.sendText(clientTurn(prompt), true).get(5, TimeUnit.SECONDS);
        StringBuilder text = new StringBuilder();
        problem = null;
        while (true) {
          JsonNode m = inbox.poll(timeoutMillis, TimeUnit.MILLISECONDS);
          if (m == null) {
            problem = "no answer within " + timeoutMillis + " ms";
          } else if (m == CLOSED) {
            problem = "connection closed";
          } else if (m.isTextual()) {
            problem = "not JSON: " + m.asText();
          } else if (m.has("goAway")) {
            problem = "goAway";
          } else if (m.has("sessionResumptionUpdate")) {
            handle = m.at("/sessionResumptionUpdate/newHandle").asText();
            continue;
          } else {
            text.append(m.at("/serverContent/modelTurn/parts/0/text").asText(""));
            if (m.at("/serverContent/turnComplete").asBoolean(false)) {
              return new Outcome(Optional.of(text.toString()), failures);
            }
            continue;
          }
          break;
        }
      } catch (IOException | java.util.concurrent.ExecutionException e) {
        problem = "send failed: " + e;
      }
      failures.add(problem);
      disconnect();
    }
    return new Outcome(Optional.empty(), failures);
  }

  private void connect() throws Exception {
    BlockingQueue<JsonNode> queue = new LinkedBlockingQueue<>();
    WebSocket ws =
        http.newWebSocketBuilder()
            .header("x-goog-api-key", "test-key")
            .buildAsync(URI.create(url), new Listener(queue))
            .get(5, TimeUnit.SECONDS);
    String resume = handle == null ? "" : ",\"sessionResumption\":{\"handle\":\"" + handle + "\"}";
    ws.sendText("{\"setup\":{\"model\":\"models/fake\"" + resume + "}}", true)
        .get(5, TimeUnit.SECONDS);
    JsonNode first = queue.poll(5, TimeUnit.SECONDS);
    if (first == null || !first.has("setupComplete")) {
      ws.abort();
      throw new IOException("no setupComplete: " + first);
    }
    socket = ws;
    inbox = queue;
  }

  private void disconnect() {
    if (socket != null) {
      socket.abort();
      socket = null;
    }
  }

  private static String clientTurn(String prompt) {
    return "{\"clientContent\":{\"turns\":[{\"role\":\"user\",\"parts\":[{\"text\":"
        + Wire.quote(prompt)
        + "}]}],\"turnComplete\":true}}";
  }

  @Override
  public void close() {
    disconnect();
    http.close();
  }

  /** Puts each whole frame, parsed, on the queue; a frame that is not JSON as a text node. */
  private static final class Listener implements WebSocket.Listener {
    private final BlockingQueue<JsonNode> queue;
    private final ByteArrayOutputStream frame = new ByteArrayOutputStream();

    Listener(BlockingQueue<JsonNode> queue) {
      this.queue = queue;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      frame.writeBytes(bytes);
      if (last) {
        byte[] whole = frame.toByteArray();
        frame.reset();
        try {
          queue.add(MAPPER.readTree(whole));
        } catch (IOException e) {
          queue.add(MAPPER.getNodeFactory().textNode(whole.length + " bytes"));
        }
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      queue.add(CLOSED);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      queue.add(CLOSED);
    }
  }
}
