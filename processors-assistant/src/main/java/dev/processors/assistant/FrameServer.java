package dev.processors.assistant;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.websocket.WsRouting;
import java.io.UncheckedIOException;

/**
 * The service's WebSocket server (Helidon SE, virtual threads): clients connect to {@code
 * WEBSOCKET_URL}'s path, subscribe to channels, and get every frame of those channels, whichever
 * worker produced it, through Redis pub/sub. Any number of these servers can run, each with its own
 * clients; they share nothing but Redis.
 *
 * <p>Thread-safe. {@link #close()} stops the server and its Redis subscriptions.
 */
public final class FrameServer implements AutoCloseable {
  private final WebServer server;
  private final Subscriptions subscriptions;
  private final String path;

  private FrameServer(WebServer server, Subscriptions subscriptions, String path) {
    this.server = server;
    this.subscriptions = subscriptions;
    this.path = path;
  }

  /**
   * Starts a server on {@code host} (e.g. {@code 0.0.0.0}) and {@code port} (0: any free port),
   * serving the endpoint at {@code path}, relaying the frames published under {@code redis}'s
   * prefix.
   *
   * @throws AssistantException if the port cannot be bound
   */
  static FrameServer start(Redis redis, String host, int port, String path) {
    Subscriptions subscriptions = new Subscriptions(redis);
    try {
      WebServer server =
          WebServer.builder()
              .host(host)
              .port(port)
              .addRouting(
                  WsRouting.builder().endpoint(path, () -> new SubscriberSocket(subscriptions)))
              .build()
              .start();
      return new FrameServer(server, subscriptions, path);
    } catch (UncheckedIOException | IllegalStateException e) {
      subscriptions.close();
      throw new AssistantException(
          "cannot start the WebSocket server on " + host + ":" + port + ": " + e.getMessage(), e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.port();
  }

  /** The URL clients connect to, on the loopback address. */
  public String url() {
    return "ws://127.0.0.1:" + port() + path;
  }

  /** How many channels its clients follow. */
  public int channels() {
    return subscriptions.channels();
  }

  @Override
  public void close() {
    server.stop();
    subscriptions.close();
  }
}
