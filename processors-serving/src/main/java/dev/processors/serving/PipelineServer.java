package dev.processors.serving;

import dev.processors.core.Processor;
import dev.processors.core.RunOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Any {@link Processor} served over HTTP on Helidon SE's WebServer (virtual threads):
 *
 * <ul>
 *   <li>{@code POST /chat} runs the processor on the request's parts and streams every output part
 *       as a Server-Sent Event the moment it is emitted;
 *   <li>a WebSocket endpoint ({@code /parts}) carries parts both ways for as long as the connection
 *       lasts: one run per connection, fed by what the client sends;
 *   <li>{@code GET /} serves a small page that talks to the WebSocket endpoint.
 * </ul>
 *
 * <pre>{@code
 * Processor echo = (in, out) -> { for (ProcessorPart p : in) out.emitText("you said " + p.text().orElse("")); };
 * try (PipelineServer server = PipelineServer.builder(echo).port(8080).build()) {
 *   System.out.println("open " + server.baseUrl());
 *   server.awaitClose();
 * }
 * }</pre>
 *
 * <p>The wire formats are in the module README: {@code POST /chat} takes {@code {"message":
 * "text"}}, {@code {"parts": [part JSON...]}} or a {@code text/plain} body, and answers {@code
 * event: part} events carrying {@link dev.processors.core.PartJson} and a last {@code event: done}
 * (or {@code event: error}). The WebSocket carries one part JSON per text frame; audio travels as
 * binary frames.
 *
 * <p><b>Threading.</b> Every request and WebSocket connection is served on its own virtual thread
 * and gets its own run of the processor, so the processor must be reusable by concurrent runs (as
 * every processor of this library is). A client that goes away cancels its run: SSE notices at the
 * next write (a comment is written every {@link Builder#heartbeat heartbeat} while the run is
 * silent), WebSocket at once when the client closes, and at the next send (a ping every heartbeat
 * while nothing is sent) when the connection dropped without a close frame.
 *
 * <p><b>Errors.</b> Unknown routes answer 404, a wrong method 405, a body that cannot be read 400
 * with {@code {"error": "..."}} naming the problem, a body over the size limit 413. A run that
 * fails after the stream started ends it with an {@code error} event (SSE) or an error status part
 * and close code 1011 (WebSocket). {@link Builder#build()} throws {@link
 * java.io.UncheckedIOException} when the port cannot be bound.
 */
public interface PipelineServer extends AutoCloseable {
  /** The environment variable giving the port. */
  String PORT_VARIABLE = "SERVER_PORT";

  /** The port used when {@value #PORT_VARIABLE} is not set. */
  int DEFAULT_PORT = 8080;

  /** A builder serving {@code processor}. */
  static Builder builder(Processor processor) {
    return new Builder(Objects.requireNonNull(processor, "processor"));
  }

  /**
   * The port from {@code SERVER_PORT} in {@code environment}, or {@value #DEFAULT_PORT}.
   *
   * @throws IllegalArgumentException naming the variable if it is not a port number
   */
  static int portFrom(Map<String, String> environment) {
    String value = environment.get(PORT_VARIABLE);
    if (value == null || value.isBlank()) {
      return DEFAULT_PORT;
    }
    try {
      int port = Integer.parseInt(value.strip());
      if (port < 0 || port > 65_535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          PORT_VARIABLE + " must be a port number (0-65535), got '" + value + "'");
    }
  }

  /** The port the server listens on (the real one when built with port 0). */
  int port();

  /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
  String baseUrl();

  /** The URL of the WebSocket endpoint, e.g. {@code ws://127.0.0.1:8080/parts}. */
  String webSocketUrl();

  /** How many runs are in progress (SSE requests plus WebSocket connections). */
  int activeRuns();

  /** Blocks until the server is closed (by another thread or a shutdown hook). */
  void awaitClose() throws InterruptedException;

  /**
   * Cancels every run in progress, waits (up to 10 s) until each has told its client (an SSE {@code
   * error} event, WebSocket close code 1001), then stops the server. Idempotent.
   */
  @Override
  void close();

  /** Builds a {@link PipelineServer}; each setter validates its argument. Not thread-safe. */
  final class Builder {
    final Processor processor;
    String host = "0.0.0.0";
    int port = portFrom(System.getenv());
    String chatPath = "/chat";
    String webSocketPath = "/parts";
    boolean page = true;
    Duration heartbeat = Duration.ofSeconds(10);
    String inputAudioMimeType = "audio/pcm;rate=16000";
    long maxRequestBytes = 1 << 20;
    RunOptions runOptions = RunOptions.defaults();

    private Builder(Processor processor) {
      this.processor = processor;
    }

    /** The address to listen on (default {@code 0.0.0.0}; {@code 127.0.0.1} for local only). */
    public Builder host(String host) {
      this.host = requireText(host, "host");
      return this;
    }

    /** The port (default {@code SERVER_PORT} or {@value #DEFAULT_PORT}; 0 for any free port). */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("port must be in 0-65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The path of the SSE endpoint (default {@code /chat}). */
    public Builder chatPath(String path) {
      this.chatPath = requirePath(path, "chatPath");
      return this;
    }

    /** The path of the WebSocket endpoint (default {@code /parts}). */
    public Builder webSocketPath(String path) {
      this.webSocketPath = requirePath(path, "webSocketPath");
      return this;
    }

    /** Whether {@code GET /} serves the page (default true). */
    public Builder page(boolean page) {
      this.page = page;
      return this;
    }

    /**
     * How long an SSE stream or a WebSocket may stay silent before a comment line (SSE) or a ping
     * (WebSocket) is sent to check that the client is still there (default 10 s).
     */
    public Builder heartbeat(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("heartbeat must be positive, got " + interval);
      }
      this.heartbeat = interval;
      return this;
    }

    /**
     * The MIME type of audio arriving in binary WebSocket frames (default {@code
     * audio/pcm;rate=16000}); a client may change it for its connection (see the README).
     */
    public Builder inputAudioMimeType(String mimeType) {
      this.inputAudioMimeType = requireText(mimeType, "mimeType");
      return this;
    }

    /** The largest request body accepted (default 1 MiB); larger ones get 413. */
    public Builder maxRequestBytes(long bytes) {
      if (bytes < 1) {
        throw new IllegalArgumentException("maxRequestBytes must be positive, got " + bytes);
      }
      this.maxRequestBytes = bytes;
      return this;
    }

    /** The options every run starts with. */
    public Builder runOptions(RunOptions options) {
      this.runOptions = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * Starts the server.
     *
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public PipelineServer build() {
      return HelidonPipelineServer.start(this);
    }

    private static String requireText(String value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isBlank()) {
        throw new IllegalArgumentException(name + " must not be blank");
      }
      return value;
    }

    private static String requirePath(String path, String name) {
      requireText(path, name);
      if (!path.startsWith("/") || path.equals("/")) {
        throw new IllegalArgumentException(
            name + " must start with '/' and name a path, got '" + path + "'");
      }
      return path;
    }
  }
}
