package dev.processors.serving;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.helidon.webserver.websocket.WsRouting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/** {@link PipelineServer} on Helidon SE's WebServer. */
final class HelidonPipelineServer implements PipelineServer {
  /** How long {@link #close()} waits for the cancelled runs to tell their clients. */
  private static final Duration CLIENTS_TOLD = Duration.ofSeconds(10);

  private final WebServer server;
  private final ActiveRuns runs;
  private final String host;
  private final String webSocketPath;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean closing = new AtomicBoolean();

  private HelidonPipelineServer(WebServer server, ActiveRuns runs, String host, String wsPath) {
    this.server = server;
    this.runs = runs;
    this.host = host;
    this.webSocketPath = wsPath;
  }

  static PipelineServer start(PipelineServer.Builder b) {
    ActiveRuns runs = new ActiveRuns();
    ChatEndpoint chat = new ChatEndpoint(b.processor, b.runOptions, b.heartbeat, runs);
    byte[] page = b.page ? PageResource.html(b.webSocketPath, b.chatPath) : null;
    WebServer server;
    try {
      server =
          WebServer.builder()
              .host(b.host)
              .port(b.port)
              .maxPayloadSize(b.maxRequestBytes)
              .routing(
                  r -> {
                    r.post(b.chatPath, chat);
                    r.any(b.chatPath, (req, res) -> methodNotAllowed(req, res, "POST"));
                    if (page != null) {
                      r.get("/", (req, res) -> sendPage(res, page));
                    }
                    r.any(HelidonPipelineServer::notFound);
                  })
              .addRouting(
                  WsRouting.builder()
                      .endpoint(
                          b.webSocketPath,
                          () ->
                              new PartsSocket(
                                  b.processor,
                                  b.runOptions,
                                  runs,
                                  b.inputAudioMimeType,
                                  b.heartbeat)))
              .build()
              .start();
    } catch (UncheckedIOException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UncheckedIOException(
          "cannot start the pipeline server on " + b.host + ":" + b.port + ": " + e.getMessage(),
          new IOException(e));
    }
    String shown = b.host.equals("0.0.0.0") ? "127.0.0.1" : b.host;
    return new HelidonPipelineServer(server, runs, shown, b.webSocketPath);
  }

  private static void sendPage(ServerResponse res, byte[] page) {
    res.header(HeaderNames.CONTENT_TYPE, "text/html; charset=UTF-8").send(page);
  }

  private static void notFound(ServerRequest req, ServerResponse res) {
    res.status(Status.NOT_FOUND_404)
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .send(
            ChatRequest.error(
                "no route for " + req.prologue().method().text() + " " + req.path().path()));
  }

  private static void methodNotAllowed(ServerRequest req, ServerResponse res, String allowed) {
    res.status(Status.METHOD_NOT_ALLOWED_405)
        .header(HeaderNames.ALLOW, allowed)
        .header(HeaderNames.CONTENT_TYPE, "application/json")
        .send(
            ChatRequest.error(
                req.path().path()
                    + " takes "
                    + allowed
                    + ", not "
                    + req.prologue().method().text()));
  }

  @Override
  public int port() {
    return server.port();
  }

  @Override
  public String baseUrl() {
    return "http://" + host + ":" + port();
  }

  @Override
  public String webSocketUrl() {
    return "ws://" + host + ":" + port() + webSocketPath;
  }

  @Override
  public int activeRuns() {
    return runs.size();
  }

  @Override
  public void awaitClose() throws InterruptedException {
    closed.await();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    runs.closeAll();
    try {
      // Each cancelled run tells its client (an SSE error event, a WebSocket close frame) before
      // Helidon's stop cuts the connections that are still open after its short grace period.
      runs.awaitEmpty(CLIENTS_TOLD);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.stop();
    closed.countDown();
  }

  @Override
  public String toString() {
    return "PipelineServer[" + baseUrl() + "]";
  }

  /** The page served at {@code /}, with its endpoints filled in. */
  static final class PageResource {
    private PageResource() {}

    static byte[] html(String webSocketPath, String chatPath) {
      try (InputStream in = PipelineServer.class.getResourceAsStream("index.html")) {
        if (in == null) {
          throw new IllegalStateException("index.html is missing from the serving module's jar");
        }
        String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        return html.replace("__WS_PATH__", webSocketPath)
            .replace("__CHAT_PATH__", chatPath)
            .getBytes(StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the page", e);
      }
    }
  }
}
