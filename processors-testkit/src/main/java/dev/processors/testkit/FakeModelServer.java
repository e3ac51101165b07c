package dev.processors.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The common machinery of the fake model servers: a small HTTP/1.1 server on 127.0.0.1 (an
 * ephemeral port) that answers each request with the next scripted {@link FakeTurn}, streams it as
 * server-sent events in chunked encoding, records every request, and notices at once when a client
 * disconnects mid-stream.
 *
 * <p>Every connection is served by virtual threads; each response closes its connection. Closing
 * the server stops every thread it started. Thread-safe: tests may script and inspect it from any
 * thread.
 */
public abstract sealed class FakeModelServer implements AutoCloseable
    permits FakeGeminiServer, FakeOpenAiServer {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_SCRIPTED = 100_000;

  private final ServerSocket server;
  private final Thread acceptor;
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<FakeTurn> script = new ArrayDeque<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private FakeTurn defaultTurn;
  private int disconnects;
  private int completed;
  private volatile boolean closed;
  private volatile long lastFlushNanos;

  FakeModelServer(String name) {
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a fake server on 127.0.0.1", e);
    }
    acceptor = Thread.ofVirtual().name(name + "-accept").start(this::acceptLoop);
  }

  /** The port the server listens on (127.0.0.1). */
  public int port() {
    return server.getLocalPort();
  }

  /** The base URL to give the SDK, e.g. {@code http://127.0.0.1:41234}. */
  public abstract String baseUrl();

  /** Appends turns to the script: each request takes the next one, in order. */
  public FakeModelServer enqueue(FakeTurn... turns) {
    lock.lock();
    try {
      for (FakeTurn t : turns) {
        if (script.size() >= MAX_SCRIPTED) {
          throw new IllegalStateException("more than " + MAX_SCRIPTED + " turns scripted");
        }
        script.add(java.util.Objects.requireNonNull(t, "turn"));
      }
      return this;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The turn served once the script is used up (by default none: such a request gets an HTTP 400
   * saying that no turn was scripted).
   */
  public FakeModelServer defaultTurn(FakeTurn turn) {
    lock.lock();
    try {
      defaultTurn = java.util.Objects.requireNonNull(turn, "turn");
      return this;
    } finally {
      lock.unlock();
    }
  }

  /** The requests received so far, oldest first. */
  public List<RecordedRequest> requests() {
    lock.lock();
    try {
      return List.copyOf(requests);
    } finally {
      lock.unlock();
    }
  }

  /** The last request received. */
  public java.util.Optional<RecordedRequest> lastRequest() {
    lock.lock();
    try {
      return requests.isEmpty()
          ? java.util.Optional.empty()
          : java.util.Optional.of(requests.get(requests.size() - 1));
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until at least {@code count} requests arrived; false if {@code timeout} passed. */
  public boolean awaitRequests(int count, Duration timeout) throws InterruptedException {
    return await(() -> requests.size() >= count, timeout);
  }

  /** How many clients went away before their stream ended. */
  public int disconnects() {
    lock.lock();
    try {
      return disconnects;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Blocks until at least {@code count} clients went away mid-stream; false if {@code timeout}
   * passed first.
   */
  public boolean awaitDisconnects(int count, Duration timeout) throws InterruptedException {
    return await(() -> disconnects >= count, timeout);
  }

  /** How many responses were played to their scripted end (including scripted faults). */
  public int completedResponses() {
    lock.lock();
    try {
      return completed;
    } finally {
      lock.unlock();
    }
  }

  /**
   * {@link System#nanoTime()} taken just before the most recent event was written and flushed to a
   * client (for latency measurements from the server's flush).
   */
  public long lastFlushNanos() {
    return lastFlushNanos;
  }

  /** Stops the server and every connection thread, and waits for them. Idempotent. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Connection c : connections) {
      c.abort();
    }
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    joinQuietly(acceptor);
    for (Connection c : connections) {
      joinQuietly(c.thread);
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + baseUrl() + ", " + requests().size() + " requests]";
  }

  /** Answers one request: validates the route, then plays {@code turn} (null: none scripted). */
  abstract void respond(RecordedRequest request, FakeTurn turn, Exchange exchange)
      throws IOException, InterruptedException;

  /** Whether {@code request} takes a scripted turn (a stream); bookkeeping calls do not. */
  boolean consumesTurn(RecordedRequest request) {
    return true;
  }

  /** The provider's JSON error body for an HTTP error. */
  abstract String errorBody(int status, String message);

  private FakeTurn nextTurn() {
    lock.lock();
    try {
      FakeTurn t = script.poll();
      return t != null ? t : defaultTurn;
    } finally {
      lock.unlock();
    }
  }

  private boolean await(java.util.function.BooleanSupplier condition, Duration timeout)
      throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (!condition.getAsBoolean()) {
        if (left <= 0 || closed) {
          return condition.getAsBoolean();
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      Connection c = new Connection(socket);
      connections.add(c);
      c.thread = Thread.ofVirtual().name("fake-connection").unstarted(c::serve);
      c.thread.start();
      if (closed) {
        c.abort();
      }
    }
  }

  private static void joinQuietly(Thread t) {
    if (t == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** Plays one request/response on one socket. */
  private final class Connection {
    final Socket socket;
    volatile Thread thread;
    volatile Thread watcher;
    final ReentrantLock connLock = new ReentrantLock();
    final Condition connChanged = connLock.newCondition();
    volatile boolean clientGone;
    volatile boolean responseDone;

    Connection(Socket socket) {
      this.socket = socket;
    }

    void serve() {
      try {
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        RecordedRequest request = HttpWire.readRequest(in);
        if (request == null) {
          return;
        }
        lock.lock();
        try {
          requests.add(request);
          changed.signalAll();
        } finally {
          lock.unlock();
        }
        FakeTurn turn = consumesTurn(request) ? nextTurn() : null;
        watcher = Thread.ofVirtual().name("fake-connection-watch").start(() -> watch(in));
        Exchange exchange = new Exchange(this, socket.getOutputStream());
        try {
          respond(request, turn, exchange);
          exchange.finish();
          lock.lock();
          try {
            completed++;
            changed.signalAll();
          } finally {
            lock.unlock();
          }
        } catch (IOException e) {
          markGone();
        }
      } catch (IOException e) {
        // the client went away before sending a whole request: nothing to record
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        responseDone = true;
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
        Thread w = watcher;
        if (w != null) {
          joinQuietly(w);
        }
        connections.remove(this);
      }
    }

    /** Reads from the client after its request: the only thing left to read is its going away. */
    private void watch(InputStream in) {
      try {
        while (in.read() >= 0) {
          // a client sends nothing more on a request it is still reading the answer of
        }
      } catch (IOException e) {
        // reset or closed: gone either way
      }
      if (!responseDone) {
        markGone();
      }
    }

    void markGone() {
      if (clientGone || responseDone) {
        return;
      }
      clientGone = true;
      lock.lock();
      try {
        disconnects++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      wake();
    }

    void wake() {
      connLock.lock();
      try {
        connChanged.signalAll();
      } finally {
        connLock.unlock();
      }
    }

    void abort() {
      responseDone = true;
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      wake();
    }

    boolean live() {
      return !clientGone && !closed && !responseDone;
    }
  }

  /** The response side of one request, used by the renderers. */
  final class Exchange {
    private final Connection connection;
    private final OutputStream out;
    private boolean streaming;
    private boolean ended;

    private Exchange(Connection connection, OutputStream out) {
      this.connection = connection;
      this.out = out;
    }

    /** Whether the client is still there and the server still running. */
    boolean live() {
      return connection.live();
    }

    /** Sends a whole JSON response and ends the exchange. */
    void json(int status, String body, Map<String, String> extraHeaders) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder();
      head.append("HTTP/1.1 ")
          .append(status)
          .append(' ')
          .append(HttpWire.reason(status))
          .append("\r\n");
      head.append("Content-Type: application/json; charset=UTF-8\r\n");
      head.append("Content-Length: ").append(bytes.length).append("\r\n");
      head.append("Connection: close\r\n");
      for (Map.Entry<String, String> h : extraHeaders.entrySet()) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      head.append("\r\n");
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      all.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      all.write(bytes);
      // The client may hang up as soon as it has the whole answer: that is not a disconnect.
      connection.responseDone = true;
      ended = true;
      out.write(all.toByteArray());
      out.flush();
    }

    /** Sends the provider's error body with this status. */
    void error(int status, String message, Map<String, String> extraHeaders) throws IOException {
      json(status, errorBody(status, message), extraHeaders);
    }

    /** Plays an HTTP error turn. */
    void errorTurn(FakeTurn turn) throws IOException {
      Map<String, String> headers = new LinkedHashMap<>();
      turn.retryAfter()
          .ifPresent(d -> headers.put("Retry-After", Long.toString((d.toMillis() + 999) / 1000)));
      error(turn.status(), turn.errorMessage().orElse(""), headers);
    }

    /** Writes one block of SSE text (one or more whole events) as one chunk, and flushes. */
    void send(String sse) throws IOException {
      write(sse, false);
    }

    /** Writes the last block of SSE text and ends the stream properly, in one write. */
    void sendLast(String sse) throws IOException {
      write(sse, true);
    }

    private void write(String sse, boolean last) throws IOException {
      if (ended) {
        throw new IllegalStateException("the exchange has ended");
      }
      ByteArrayOutputStream buf = new ByteArrayOutputStream(sse.length() + 64);
      if (!streaming) {
        buf.write(
            ("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-cache\r\n"
                    + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        streaming = true;
      }
      byte[] data = sse.getBytes(StandardCharsets.UTF_8);
      if (data.length > 0) {
        buf.write(
            (Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        buf.write(data);
        buf.write(CRLF);
      }
      if (last) {
        buf.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        connection.responseDone = true;
        ended = true;
      }
      lastFlushNanos = System.nanoTime();
      buf.writeTo(out);
      out.flush();
    }

    /** Sleeps, waking early (false) if the client goes away or the server closes. */
    boolean sleep(Duration d) throws InterruptedException {
      long left = d.toNanos();
      connection.connLock.lock();
      try {
        while (left > 0 && connection.live()) {
          left = connection.connChanged.awaitNanos(left);
        }
      } finally {
        connection.connLock.unlock();
      }
      return connection.live();
    }

    /** Waits at a gate; false if the client went away or the server closed first. */
    boolean pass(Gate gate) throws InterruptedException {
      return gate.pass(connection::live);
    }

    /** Closes the connection without ending the stream: the client sees a broken stream. */
    void drop() throws IOException {
      out.flush();
      ended = true;
      connection.responseDone = true;
      connection.socket.close();
    }

    /** Ends the stream properly (the last chunk) unless it has ended already. */
    void finish() throws IOException {
      if (!ended && !connection.socket.isClosed()) {
        sendLast("");
      }
    }
  }

  private static final byte[] CRLF = {'\r', '\n'};

  /** Plays the steps common to both providers; content steps go to {@code renderer}. */
  void play(FakeTurn turn, Exchange ex, TurnRenderer renderer)
      throws IOException, InterruptedException {
    if (turn.status() != 200) {
      ex.errorTurn(turn);
      return;
    }
    List<FakeTurn.Step> steps = turn.steps();
    int lastContent = -1;
    for (int i = 0; i < steps.size(); i++) {
      FakeTurn.Step s = steps.get(i);
      if (s instanceof FakeTurn.Text
          || s instanceof FakeTurn.Thought
          || s instanceof FakeTurn.Call) {
        lastContent = i;
      } else if (s instanceof FakeTurn.Drop
          || s instanceof FakeTurn.Malformed
          || s instanceof FakeTurn.ErrorEvent) {
        lastContent = Integer.MAX_VALUE;
      }
    }
    for (FakeTurn.Step s : steps) {
      if (s instanceof FakeTurn.Usage u) {
        renderer.usage(u.inputTokens(), u.outputTokens());
      }
    }
    ex.send(renderer.begin());
    for (int i = 0; i < steps.size(); i++) {
      if (!ex.live()) {
        return;
      }
      boolean last = i == lastContent;
      switch (steps.get(i)) {
        case FakeTurn.Text t -> ex.send(renderer.text(t.text(), last));
        case FakeTurn.Thought t -> ex.send(renderer.thought(t.text(), last));
        case FakeTurn.Call c -> renderer.call(c, last, ex);
        case FakeTurn.Usage u -> {}
        case FakeTurn.Delay d -> {
          if (!ex.sleep(d.duration())) {
            return;
          }
        }
        case FakeTurn.Await a -> {
          if (!ex.pass(a.gate())) {
            return;
          }
        }
        case FakeTurn.Drop d -> {
          ex.drop();
          return;
        }
        case FakeTurn.Malformed m -> ex.send("data: " + m.raw() + "\n\n");
        case FakeTurn.ErrorEvent e -> {
          ex.sendLast(renderer.error(e.code(), e.message()));
          return;
        }
      }
    }
    ex.sendLast(renderer.end(lastContent >= 0));
  }

  /** Renders content steps in one provider's wire format; one instance per response. */
  interface TurnRenderer {
    /** Events sent before the first step (may be empty). */
    String begin();

    /** A text delta; {@code last} if no content step follows. */
    String text(String delta, boolean last);

    /** A thought delta. */
    String thought(String delta, boolean last);

    /** A function call, written to {@code ex} (may be several events with pauses). */
    void call(FakeTurn.Call call, boolean last, Exchange ex) throws IOException;

    /** Usage to report at the end. */
    void usage(int inputTokens, int outputTokens);

    /** An in-stream error event. */
    String error(int code, String message);

    /** Events sent after the last step of a turn that ended normally. */
    String end(boolean hadContent);
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }
}
