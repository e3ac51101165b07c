package dev.processors.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * The common machinery of the fake model servers: the JDK's {@code com.sun.net.httpserver} on
 * 127.0.0.1 (an ephemeral port; with TLS for {@code startTls()}) that answers each request with the
 * next scripted {@link FakeTurn}, streams it as server-sent events in chunked encoding, records
 * every request, and notices when a client disconnects mid-stream.
 *
 * <p>Every exchange is served on a virtual thread; each response closes its connection. Closing the
 * server stops every thread it started. Thread-safe: tests may script and inspect it from any
 * thread.
 */
public abstract sealed class FakeModelServer implements AutoCloseable
    permits FakeGeminiServer, FakeOpenAiServer {
  static final ObjectMapper MAPPER = new ObjectMapper();
  private static final int MAX_SCRIPTED = 100_000;

  private final HttpServer server;
  private final boolean tls;
  private final ExecutorService exchanges;
  private final Set<ModelExchange> active = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<FakeTurn> script = new ArrayDeque<>();
  private final List<RecordedRequest> requests = new ArrayList<>();
  private final ModelExchange.Observer observer = new Observer();
  private FakeTurn defaultTurn;
  private Function<RecordedRequest, FakeTurn> responder;
  private int disconnects;
  private int completed;
  private volatile boolean closed;
  private volatile long lastFlushNanos;

  FakeModelServer(String name, boolean tls) {
    this.tls = tls;
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    try {
      if (tls) {
        HttpsServer https = HttpsServer.create(address, 64);
        https.setHttpsConfigurator(new HttpsConfigurator(FakeTls.serverContext()));
        server = https;
      } else {
        server = HttpServer.create(address, 64);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a fake server on 127.0.0.1", e);
    }
    exchanges =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name(name + "-exchange").factory());
    server.setExecutor(exchanges);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The port the server listens on (127.0.0.1). */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Whether the server speaks TLS (it was started with {@code startTls()}). */
  public boolean tls() {
    return tls;
  }

  /** The base URL to give the SDK, e.g. {@code http://127.0.0.1:41234}. */
  public abstract String baseUrl();

  /** {@code http://127.0.0.1:PORT}, or {@code https://} when the server speaks TLS. */
  String origin() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port();
  }

  /** Appends turns to the script: each request takes the next one, in order. */
  public FakeModelServer enqueue(FakeTurn... turns) {
    lock.lock();
    try {
      for (FakeTurn t : turns) {
        if (script.size() >= MAX_SCRIPTED) {
          throw new IllegalStateException("more than " + MAX_SCRIPTED + " turns scripted");
        }
        script.add(Objects.requireNonNull(t, "turn"));
      }
      return this;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The turn served once the script is used up and no responder is set (by default none: such a
   * request gets an HTTP 400 saying that no turn was scripted).
   */
  public FakeModelServer defaultTurn(FakeTurn turn) {
    lock.lock();
    try {
      defaultTurn = Objects.requireNonNull(turn, "turn");
      return this;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Chooses the turn for each request the script does not cover, from the request itself (for
   * example by the last user message, so that a retry gets the same answer as the first try). It
   * runs on the request's thread; if it throws, the request gets an HTTP 500 saying why.
   */
  public FakeModelServer respondWith(Function<RecordedRequest, FakeTurn> responder) {
    lock.lock();
    try {
      this.responder = Objects.requireNonNull(responder, "responder");
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
  public Optional<RecordedRequest> lastRequest() {
    lock.lock();
    try {
      return requests.isEmpty() ? Optional.empty() : Optional.of(requests.get(requests.size() - 1));
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
   * passed first. A client leaving during a {@link FakeTurn.Builder#stall() stall} is not seen: a
   * stall writes nothing, and only a write tells a server that its client has gone.
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

  /** Stops the server and every exchange thread, and waits for them. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (ModelExchange ex : active) {
      ex.abort();
    }
    server.stop(0);
    exchanges.close();
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + baseUrl() + ", " + requests().size() + " requests]";
  }

  /** Answers one request: validates the route, then plays {@code turn} (null: none scripted). */
  abstract void respond(RecordedRequest request, FakeTurn turn, ModelExchange exchange)
      throws IOException, InterruptedException;

  /** Whether {@code request} takes a scripted turn (a stream); bookkeeping calls do not. */
  boolean consumesTurn(RecordedRequest request) {
    return true;
  }

  /** The provider's JSON error body for an HTTP error. */
  abstract String errorBody(int status, String message);

  /** Answers with the provider's error body and this status. */
  void error(ModelExchange ex, int status, String message) throws IOException {
    ex.plain(status, "application/json; charset=UTF-8", errorBody(status, message), Map.of());
  }

  /** Plays {@code turn} with this provider's {@code renderer}. */
  void play(FakeTurn turn, ModelExchange ex, TurnRenderer renderer)
      throws IOException, InterruptedException {
    TurnPlayer.play(turn, ex, renderer, this::errorBody);
  }

  private void handle(HttpExchange http) throws IOException {
    ModelExchange ex = new ModelExchange(http, observer);
    active.add(ex);
    try {
      RecordedRequest request = read(http);
      lock.lock();
      try {
        requests.add(request);
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      FakeTurn turn;
      try {
        turn = consumesTurn(request) ? nextTurn(request) : null;
      } catch (RuntimeException e) {
        error(ex, 500, "the test's responder failed: " + e);
        return;
      }
      respond(request, turn, ex);
      if (ex.dropped()) {
        // Out of the handler: the JDK server then closes the connection without ending the body.
        throw new IllegalStateException("connection dropped by the script");
      }
      ex.endBody();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      active.remove(ex);
      if (!ex.dropped()) {
        http.close();
      }
    }
  }

  private static RecordedRequest read(HttpExchange http) throws IOException {
    byte[] body = http.getRequestBody().readAllBytes();
    Map<String, String> headers = new LinkedHashMap<>();
    http.getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) {
                headers.put(name.toLowerCase(Locale.ROOT), values.get(values.size() - 1));
              }
            });
    String query = http.getRequestURI().getRawQuery();
    return new RecordedRequest(
        http.getRequestMethod(),
        http.getRequestURI().getRawPath(),
        query == null ? "" : query,
        headers,
        new String(body, StandardCharsets.UTF_8));
  }

  private FakeTurn nextTurn(RecordedRequest request) {
    Function<RecordedRequest, FakeTurn> r;
    lock.lock();
    try {
      FakeTurn t = script.poll();
      if (t != null || responder == null) {
        return t != null ? t : defaultTurn;
      }
      r = responder;
    } finally {
      lock.unlock();
    }
    return Objects.requireNonNull(r.apply(request), "the responder returned no turn");
  }

  private boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
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

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** What the exchanges report. */
  private final class Observer implements ModelExchange.Observer {
    @Override
    public void clientGone() {
      lock.lock();
      try {
        disconnects++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void flushed(long nanos) {
      lastFlushNanos = nanos;
    }

    @Override
    public void ending() {
      lock.lock();
      try {
        completed++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public boolean closed() {
      return closed;
    }
  }
}
