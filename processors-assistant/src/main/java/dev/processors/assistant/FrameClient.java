package dev.processors.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A WebSocket client of the service, on the JDK's {@code java.net.http.WebSocket}: subscribes to
 * channels and receives their frames. The CLI's {@code --test-message} uses it; so can any Java
 * client.
 *
 * <pre>{@code
 * try (FrameClient client = FrameClient.connect(URI.create("ws://localhost:8080/ws"))) {
 *   client.subscribe("user_session_abc123");
 *   Frame frame = client.nextFrame(Duration.ofSeconds(30)).orElseThrow();
 * }
 * }</pre>
 *
 * <p>Text frames split by the transport are joined. Received messages wait in an unbounded queue
 * read by one thread (a client reads what it asked for). Failures throw {@link AssistantException}.
 */
public final class FrameClient implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final HttpClient http;
  private final WebSocket socket;
  private final LinkedBlockingQueue<String> received;

  private FrameClient(HttpClient http, WebSocket socket, LinkedBlockingQueue<String> received) {
    this.http = http;
    this.socket = socket;
    this.received = received;
  }

  /**
   * Connects to the service's WebSocket endpoint.
   *
   * @throws AssistantException if it cannot be reached within 10 s
   */
  public static FrameClient connect(URI url) {
    HttpClient http =
        HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    LinkedBlockingQueue<String> received = new LinkedBlockingQueue<>();
    try {
      WebSocket socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(url, new Listener(received))
              .get(10, TimeUnit.SECONDS);
      return new FrameClient(http, socket, received);
    } catch (ExecutionException | TimeoutException e) {
      http.close();
      throw new AssistantException(
          "cannot connect to the WebSocket server at "
              + url
              + " (is the service running? set WEBSOCKET_URL): "
              + RabbitTopology.rootMessage(e),
          e);
    } catch (InterruptedException e) {
      http.close();
      Thread.currentThread().interrupt();
      throw new AssistantException("interrupted while connecting to " + url, e);
    }
  }

  /**
   * Subscribes to {@code channel} and waits until the server confirms (frames published after that
   * reach this client). Other messages received meanwhile stay queued.
   *
   * @throws AssistantException if no confirmation comes within 10 s
   */
  public void subscribe(String channel) {
    send(MAPPER.createObjectNode().put("action", "subscribe").put("channel", channel).toString());
    LinkedBlockingQueue<String> other = new LinkedBlockingQueue<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    try {
      while (true) {
        String next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        if (next == null) {
          throw new AssistantException("the server did not confirm the subscription to " + channel);
        }
        JsonNode node = MAPPER.readTree(next);
        if ("subscribed".equals(node.path("type").asText())
            && channel.equals(node.path("channel").asText())) {
          break;
        }
        other.add(next);
      }
    } catch (java.io.IOException e) {
      throw new AssistantException("the server sent something that is not JSON", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssistantException("interrupted while subscribing", e);
    } finally {
      other.drainTo(received);
    }
  }

  /** Sends any text (tests send bad requests). */
  public void send(String text) {
    socket.sendText(text, true).join();
  }

  /** The next message as received, waiting up to {@code timeout}. */
  public Optional<String> next(Duration timeout) throws InterruptedException {
    return Optional.ofNullable(received.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** The next frame (skipping subscription confirmations), waiting up to {@code timeout}. */
  public Optional<Frame> nextFrame(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String next = received.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (next == null) {
        return Optional.empty();
      }
      if (!isConfirmation(next)) {
        return Optional.of(Frame.fromJson(next));
      }
    }
  }

  private static boolean isConfirmation(String message) {
    try {
      String type = MAPPER.readTree(message).path("type").asText("");
      return type.equals("subscribed") || type.equals("unsubscribed");
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    }
    http.close();
  }

  private static final class Listener implements WebSocket.Listener {
    private final LinkedBlockingQueue<String> received;
    private final StringBuilder partial = new StringBuilder();

    Listener(LinkedBlockingQueue<String> received) {
      this.received = received;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return CompletableFuture.completedFuture(null);
    }
  }
}
