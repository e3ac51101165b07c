package dev.processors.serving;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The tests' WebSocket client (JDK): collects text and binary messages, whole, in order. */
final class WsClient implements AutoCloseable {
  /** A received message: text or bytes. */
  record Message(String text, byte[] bytes) {
    boolean isText() {
      return text != null;
    }
  }

  private final HttpClient http = HttpClient.newHttpClient();
  private final LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
  private final WebSocket socket;
  volatile int closeCode = -1;
  private final java.util.concurrent.atomic.AtomicInteger pings =
      new java.util.concurrent.atomic.AtomicInteger();

  WsClient(String url) throws Exception {
    socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(url), new Listener())
            .get(10, TimeUnit.SECONDS);
  }

  void sendText(String text) {
    socket.sendText(text, true).join();
  }

  void sendBinary(byte[] bytes) {
    socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
  }

  /** The next message, failing the test if none comes within 20 s. */
  Message next() throws InterruptedException {
    Object o = received.poll(20, TimeUnit.SECONDS);
    if (o == null) {
      throw new AssertionError("no WebSocket message within 20 s");
    }
    if (o instanceof Throwable t) {
      throw new AssertionError("the WebSocket failed", t);
    }
    return (Message) o;
  }

  /** How many pings the server sent so far. */
  int pings() {
    return pings.get();
  }

  /** Waits until the server closed the connection; returns the close code. */
  int awaitClose(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (closeCode < 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    return closeCode;
  }

  /** Drops the connection without a close handshake, as a client that crashed. */
  void abort() {
    socket.abort();
    http.close();
  }

  @Override
  public void close() {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      socket.abort();
    }
    http.close();
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder text = new StringBuilder();
    private java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        received.add(new Message(text.toString(), null));
        text.setLength(0);
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] chunk = new byte[data.remaining()];
      data.get(chunk);
      bytes.writeBytes(chunk);
      if (last) {
        received.add(new Message(null, bytes.toByteArray()));
        bytes = new java.io.ByteArrayOutputStream();
      }
      ws.request(1);
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<?> onPing(WebSocket ws, ByteBuffer message) {
      pings.incrementAndGet();
      ws.request(1);
      return null; // the JDK answers with a pong
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
      closeCode = statusCode;
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      received.add(error);
    }
  }
}
