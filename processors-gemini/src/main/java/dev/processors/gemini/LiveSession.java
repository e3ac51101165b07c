package dev.processors.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.model.spi.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One WebSocket connection of a Live API session, on {@link java.net.http.WebSocket}: real close
 * and error callbacks, {@code ws://} for local fakes, messages pulled one at a time (the listener
 * requests the next frame only after the previous one was queued, so a slow reader pushes back on
 * the server), and one sender at a time.
 */
final class LiveSession implements AutoCloseable {
  /** What the connection delivers, in order. */
  sealed interface Event {}

  record Message(JsonNode json) implements Event {}

  record Closed(int code, String reason) implements Event {}

  record Failed(Throwable error) implements Event {}

  private final BlockingQueue<Event> events = new ArrayBlockingQueue<>(256);
  private final ReentrantLock sendLock = new ReentrantLock();
  private final StringBuilder frame = new StringBuilder();
  private final ByteBufferAccumulator binary = new ByteBufferAccumulator();
  private volatile WebSocket socket;
  private volatile boolean closed;
  private volatile long lastHeardNanos = System.nanoTime();

  private LiveSession() {}

  /**
   * Connects, sends {@code setupJson} and waits for {@code setupComplete}.
   *
   * @throws LiveApiSetupException if the connection or the setup fails or times out
   */
  static LiveSession open(
      HttpClient http, URI uri, String apiKey, String setupJson, Duration timeout)
      throws InterruptedException {
    LiveSession s = new LiveSession();
    WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(timeout);
    if (apiKey != null) {
      builder.header("x-goog-api-key", apiKey);
    }
    CompletableFuture<WebSocket> connecting = builder.buildAsync(uri, s.new Listener());
    try {
      s.socket = connecting.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      connecting.thenAccept(WebSocket::abort); // a socket that arrives later is closed at once
      throw e;
    } catch (ExecutionException e) {
      throw new LiveApiSetupException(
          "cannot connect to "
              + uri.getScheme()
              + "://"
              + uri.getAuthority()
              + ": "
              + describe(e.getCause()),
          true,
          e.getCause());
    } catch (TimeoutException e) {
      connecting.thenAccept(WebSocket::abort);
      throw new LiveApiSetupException("connecting timed out after " + timeout, true, e);
    }
    Event first;
    try {
      s.send(setupJson, timeout);
      first = s.events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException | RuntimeException e) {
      s.close();
      throw e;
    }
    if (first instanceof Message m && m.json().has("setupComplete")) {
      return s;
    }
    s.close();
    if (first == null) {
      throw new LiveApiSetupException("no setupComplete within " + timeout, true, null);
    }
    throw new LiveApiSetupException("the setup was refused: " + first, false, null);
  }

  /** The next event, blocking. */
  Event next() throws InterruptedException {
    return events.take();
  }

  /**
   * The next event, waiting at most {@code quiet} while the connection is silent. A connection
   * silent for {@code quiet} is pinged; one still silent {@code quiet} later (no message, no pong)
   * is reported as {@link Failed}: a dropped connection is not always reported by the socket (seen
   * here: about one abrupt close in twenty never reaches the listener), so silence is the signal
   * that never fails.
   */
  Event next(Duration quiet) throws InterruptedException {
    long quietNanos = quiet.toNanos();
    boolean pinged = false;
    while (true) {
      Event e = events.poll(quietNanos, TimeUnit.NANOSECONDS);
      if (e != null) {
        return e;
      }
      long silent = System.nanoTime() - lastHeardNanos;
      if (silent < quietNanos) {
        pinged = false; // heard something (a pong) meanwhile
        continue;
      }
      if (pinged && silent >= 2 * quietNanos) {
        return new Failed(
            new IOException(
                "the connection went silent: no message and no answer to a ping for "
                    + Duration.ofNanos(silent).toMillis()
                    + " ms"));
      }
      WebSocket ws = socket;
      if (ws != null && !pinged) {
        pinged = true;
        ws.sendPing(ByteBuffer.allocate(0));
      }
    }
  }

  /** The next event if one is queued. */
  Event poll() {
    return events.poll();
  }

  /**
   * Sends one text message and waits (up to {@code timeout}) until it is handed to the network.
   * Handed over is not received: a message written into a connection that is dropping may be lost,
   * which is why turns stay pending until answered (see {@code LiveLink}).
   *
   * @throws LiveApiConnectionLostException if the connection is gone
   */
  void send(String json, Duration timeout) throws InterruptedException {
    sendLock.lock();
    try {
      WebSocket ws = socket;
      if (closed || ws == null || ws.isOutputClosed()) {
        throw new LiveApiConnectionLostException("the connection is closed", true, null);
      }
      ws.sendText(json, true).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new LiveApiConnectionLostException(
          "sending failed: " + describe(e.getCause()), true, e);
    } finally {
      sendLock.unlock();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    WebSocket ws = socket;
    if (ws != null) {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
          .orTimeout(2, TimeUnit.SECONDS)
          .exceptionally(t -> null);
      ws.abort();
    }
    // The reader may be waiting for the next event: tell it, rather than interrupt it.
    events.clear();
    events.offer(new Closed(WebSocket.NORMAL_CLOSURE, "closed by the client"));
  }

  // Blocks the listener while the reader is behind (that is the backpressure), but never after
  // the session was closed, so no listener thread is left waiting on a queue nobody reads.
  private void deliver(Event e) {
    try {
      while (!closed && !events.offer(e, 100, TimeUnit.MILLISECONDS)) {
        // wait for the reader
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  private static String describe(Throwable t) {
    if (t == null) {
      return "unknown error";
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  /** Joins fragments of one binary message. */
  private static final class ByteBufferAccumulator {
    private byte[] bytes = new byte[1024];
    private int size;

    void add(ByteBuffer b) {
      int n = b.remaining();
      if (size + n > bytes.length) {
        bytes = java.util.Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
      b.get(bytes, size, n);
      size += n;
    }

    String takeString() {
      String s = new String(bytes, 0, size, StandardCharsets.UTF_8);
      size = 0;
      return s;
    }
  }

  private final class Listener implements WebSocket.Listener {
    @Override
    public void onOpen(WebSocket webSocket) {
      webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onPong(WebSocket webSocket, ByteBuffer message) {
      lastHeardNanos = System.nanoTime();
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
      lastHeardNanos = System.nanoTime();
      webSocket.sendPong(message);
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      lastHeardNanos = System.nanoTime();
      frame.append(data);
      if (last) {
        String text = frame.toString();
        frame.setLength(0);
        parse(text);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
      lastHeardNanos = System.nanoTime();
      binary.add(data);
      if (last) {
        parse(binary.takeString());
      }
      webSocket.request(1);
      return null;
    }

    private void parse(String text) {
      try {
        deliver(new Message(Json.MAPPER.readTree(text)));
      } catch (Exception e) {
        deliver(
            new Failed(
                new LiveApiProtocolException(
                    "a server message is not JSON: " + abbreviate(text), e)));
      }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      deliver(new Closed(statusCode, reason));
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      deliver(new Failed(error));
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
