package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.java_websocket.WebSocket;
import org.java_websocket.framing.CloseFrame;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.DefaultSSLWebSocketServerFactory;
import org.java_websocket.server.WebSocketServer;

/**
 * A local stand-in for the Gemini Live API (BidiGenerateContent over WebSocket) on 127.0.0.1, for
 * tests: it speaks the JSON the real service speaks, answers the setup with {@code setupComplete},
 * records every client message, and lets a test send any server message, a {@code goAway}, or drop
 * the connection.
 *
 * <pre>{@code
 * try (FakeLiveServer server = FakeLiveServer.start()) {
 *   server.onTurn((session, message) -> {
 *     session.sendText("Hello!");
 *     session.sendTurnComplete();
 *   });
 *   LiveApiProcessor live = LiveApiProcessor.builder().baseUrl(server.baseUrl()).build();
 *   ...
 * }
 * }</pre>
 *
 * <p>Faults: {@link Session#drop()} cuts the connection without a closing handshake (mid-turn if
 * the responder has sent part of an answer), {@link Session#sendGarbage()} sends a frame that is
 * not JSON, {@link Session#sendGoAway()} asks the client to move, and a responder that sends
 * nothing leaves a turn unanswered. {@link #startTls()} serves {@code wss://} with the testkit's
 * certificate ({@link FakeTls}). {@link LiveChaos} plays seeded random faults over a long
 * conversation.
 *
 * <p>Thousands of clients may connect at once: the listen queue is as long as the kernel allows, so
 * none has its connection attempt dropped while the server catches up.
 *
 * <p>Thread-safe. Server messages go out as binary frames, like the real service's. The API key
 * header is recorded only as present or absent. Responders and listeners run on the server's
 * WebSocket threads; an exception from one is recorded in {@link #responderFailures()} (and the
 * message that caused it gets no further answer).
 */
public final class FakeLiveServer implements AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final long WAIT_SECONDS = 10;

  /**
   * How many connections the kernel may queue before the server accepts them. Java-WebSocket leaves
   * it to the JDK's default, 50, and thousands of clients connecting at once overflow that: the
   * kernel then drops their SYNs and each client tries again only after 1 s, 3 s, 7 s... (seen
   * here: 10,000 Live sessions opened at once, most missing a 10 s connect timeout). The kernel
   * caps it (Linux: {@code net.core.somaxconn}, 4096 by default).
   */
  private static final int ACCEPT_BACKLOG = 16_384;

  /** Reacts to a client message that ends a turn (a complete client turn, the end of audio). */
  @FunctionalInterface
  public interface Responder {
    /**
     * Answers {@code message} on {@code session}; called on the server's WebSocket thread. An
     * exception is recorded in {@link #responderFailures()}.
     */
    void respond(Session session, JsonNode message) throws Exception;
  }

  private final Server server;
  private final CountDownLatch started = new CountDownLatch(1);
  private final BlockingQueue<Session> newSessions = new LinkedBlockingQueue<>();
  private final List<Session> sessions = Collections.synchronizedList(new ArrayList<>());
  private final Map<WebSocket, Session> byConnection = new ConcurrentHashMap<>();
  private final List<Throwable> responderFailures = Collections.synchronizedList(new ArrayList<>());
  private final boolean tls;
  private volatile Responder responder;
  private volatile Responder listener;

  private FakeLiveServer(boolean tls) {
    this.tls = tls;
    server = new Server();
    if (tls) {
      server.setWebSocketFactory(new DefaultSSLWebSocketServerFactory(FakeTls.serverContext()));
    }
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static FakeLiveServer start() {
    return started(new FakeLiveServer(false));
  }

  /**
   * Starts a server that speaks {@code wss://} on an ephemeral port of 127.0.0.1, with the
   * testkit's self-signed certificate; clients trust it through {@link FakeTls}.
   */
  public static FakeLiveServer startTls() {
    return started(new FakeLiveServer(true));
  }

  private static FakeLiveServer started(FakeLiveServer s) {
    s.server.setReuseAddr(true);
    s.server.start();
    try {
      if (!s.started.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the fake Live server did not start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the fake Live server", e);
    }
    return s;
  }

  /** The base URL to give the client: {@code ws://127.0.0.1:PORT} ({@code wss://} with TLS). */
  public String baseUrl() {
    return (tls ? "wss" : "ws") + "://127.0.0.1:" + server.getPort();
  }

  /** What responders and listeners threw, in order (empty when every one returned normally). */
  public List<Throwable> responderFailures() {
    synchronized (responderFailures) {
      return List.copyOf(responderFailures);
    }
  }

  /** Answers every completed turn with {@code responder} (on the server's thread). */
  public FakeLiveServer onTurn(Responder responder) {
    this.responder = responder;
    return this;
  }

  /**
   * Calls {@code listener} for every client message after the setup (on the server's thread, before
   * any {@link #onTurn} responder): to react to activity start, realtime audio, and so on. Keep it
   * quick; start a thread for long replies.
   */
  public FakeLiveServer onMessage(Responder listener) {
    this.listener = listener;
    return this;
  }

  /**
   * The next session to connect (in order of connection), waiting up to 10 seconds.
   *
   * @throws AssertionError if none connects in time
   */
  public Session awaitSession() {
    try {
      Session s = newSessions.poll(WAIT_SECONDS, TimeUnit.SECONDS);
      if (s == null) {
        throw new AssertionError("no Live session connected within " + WAIT_SECONDS + " s");
      }
      return s;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Every session so far, in order of connection. */
  public List<Session> sessions() {
    synchronized (sessions) {
      return List.copyOf(sessions);
    }
  }

  @Override
  public void close() {
    try {
      server.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One client connection. */
  public final class Session {
    private final WebSocket connection;
    private final boolean apiKeyPresent;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> received = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch closed = new CountDownLatch(1);
    private final CountDownLatch setupSeen = new CountDownLatch(1);
    private volatile JsonNode setup;

    private Session(WebSocket connection, boolean apiKeyPresent) {
      this.connection = connection;
      this.apiKeyPresent = apiKeyPresent;
    }

    /** The setup message the client sent (waits for it). */
    public JsonNode setup() {
      awaitSetup();
      return setup;
    }

    /** The resumption handle the client asked to resume, if any. */
    public Optional<String> resumedHandle() {
      JsonNode h = setup().path("setup").path("sessionResumption").path("handle");
      return h.isTextual() ? Optional.of(h.asText()) : Optional.empty();
    }

    /** Whether the client sent an {@code x-goog-api-key} header. */
    public boolean apiKeyPresent() {
      return apiKeyPresent;
    }

    /** The client messages after the setup, in order. */
    public List<JsonNode> received() {
      synchronized (received) {
        return List.copyOf(received);
      }
    }

    /**
     * Waits up to 10 seconds for a client message that {@code matches} (messages before it are
     * consumed from the wait queue but stay in {@link #received()}).
     */
    public JsonNode awaitMessage(Predicate<JsonNode> matches) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
      try {
        while (true) {
          long left = deadline - System.nanoTime();
          JsonNode m = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
          if (m == null) {
            throw new AssertionError(
                "no matching client message within " + WAIT_SECONDS + " s; got " + received());
          }
          if (matches.test(m)) {
            return m;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** Waits for a client message with this top-level field ({@code clientContent}, ...). */
    public JsonNode awaitMessage(String field) {
      return awaitMessage(
          m -> m.has(field) || (field.equals("realtimeInput") && m.has("realtime_input")));
    }

    /** Sends a raw server message (a JSON object) as a binary frame. */
    public void send(String json) {
      connection.send(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Sends a binary frame that is not JSON (nor valid UTF-8): garbage from the server. */
    public void sendGarbage() {
      connection.send(
          ByteBuffer.wrap(new byte[] {0, 1, (byte) 0xC3, (byte) 0x28, '{', '{', (byte) 0xFF, ']'}));
    }

    /** Whether the connection is still open. */
    public boolean isOpen() {
      return connection.isOpen();
    }

    /** Sends model text. */
    public void sendText(String text) {
      ObjectNode m = MAPPER.createObjectNode();
      m.putObject("serverContent")
          .putObject("modelTurn")
          .putArray("parts")
          .addObject()
          .put("text", text);
      send(m.toString());
    }

    /** Sends model audio (16-bit PCM at {@code rate}). */
    public void sendAudio(byte[] pcm, int rate) {
      ObjectNode m = MAPPER.createObjectNode();
      m.putObject("serverContent")
          .putObject("modelTurn")
          .putArray("parts")
          .addObject()
          .putObject("inlineData")
          .put("mimeType", "audio/pcm;rate=" + rate)
          .put("data", Base64.getEncoder().encodeToString(pcm));
      send(m.toString());
    }

    /** Sends a transcription of the user's speech. */
    public void sendInputTranscription(String text) {
      send("{\"serverContent\":{\"inputTranscription\":{\"text\":" + quote(text) + "}}}");
    }

    /** Sends a transcription of the model's speech. */
    public void sendOutputTranscription(String text) {
      send("{\"serverContent\":{\"outputTranscription\":{\"text\":" + quote(text) + "}}}");
    }

    /** Sends {@code generationComplete}. */
    public void sendGenerationComplete() {
      send("{\"serverContent\":{\"generationComplete\":true}}");
    }

    /** Sends {@code turnComplete} with a small usage record. */
    public void sendTurnComplete() {
      send(
          "{\"serverContent\":{\"turnComplete\":true},\"usageMetadata\":"
              + "{\"promptTokenCount\":10,\"responseTokenCount\":5,\"totalTokenCount\":15}}");
    }

    /** Sends {@code interrupted} (the server heard the user barge in). */
    public void sendInterrupted() {
      send("{\"serverContent\":{\"interrupted\":true}}");
    }

    /** Sends a tool call. */
    public void sendToolCall(String id, String name, String argumentsJson) {
      send(
          "{\"toolCall\":{\"functionCalls\":[{\"id\":"
              + quote(id)
              + ",\"name\":"
              + quote(name)
              + ",\"args\":"
              + argumentsJson
              + "}]}}");
    }

    /** Sends a new session resumption handle. */
    public void sendResumptionHandle(String handle) {
      send(
          "{\"sessionResumptionUpdate\":{\"newHandle\":" + quote(handle) + ",\"resumable\":true}}");
    }

    /** Sends {@code goAway}: the client should move to a new connection. */
    public void sendGoAway() {
      send("{\"goAway\":{\"timeLeft\":\"1s\"}}");
    }

    /** Drops the connection without a closing handshake, like a network failure. */
    public void drop() {
      connection.closeConnection(CloseFrame.ABNORMAL_CLOSE, "dropped by the test");
    }

    /** Closes the connection normally. */
    public void close() {
      connection.close(CloseFrame.NORMAL, "closed by the test");
    }

    /** Waits up to 10 seconds for the connection to close; true if it did. */
    public boolean awaitClosed() {
      try {
        return closed.await(WAIT_SECONDS, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    private void awaitSetup() {
      try {
        if (!setupSeen.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
          throw new AssertionError("the client sent no setup within " + WAIT_SECONDS + " s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    private void onMessage(String text) {
      JsonNode m;
      try {
        m = MAPPER.readTree(text);
      } catch (Exception e) {
        send("{\"error\":\"not JSON\"}");
        return;
      }
      if (m.has("setup")) {
        setup = m;
        setupSeen.countDown();
        send("{\"setupComplete\":{}}");
        newSessions.add(this);
        return;
      }
      received.add(m);
      inbox.add(m);
      Responder l = listener;
      if (l != null) {
        try {
          l.respond(this, m);
        } catch (Exception | AssertionError e) {
          responderFailures.add(e);
          return;
        }
      }
      Responder r = responder;
      if (r != null && endsTurn(m)) {
        try {
          r.respond(this, m);
        } catch (Exception | AssertionError e) {
          responderFailures.add(e);
        }
      }
    }

    private boolean endsTurn(JsonNode m) {
      JsonNode rt = m.has("realtimeInput") ? m.get("realtimeInput") : m.get("realtime_input");
      return m.path("clientContent").path("turnComplete").asBoolean(false)
          || m.has("toolResponse")
          || (rt != null && (rt.path("audioStreamEnd").asBoolean(false) || rt.has("activityEnd")));
    }
  }

  private static String quote(String s) {
    return MAPPER.getNodeFactory().textNode(s).toString();
  }

  private final class Server extends WebSocketServer {
    Server() {
      super(new InetSocketAddress("127.0.0.1", 0));
      setConnectionLostTimeout(0);
      setMaxPendingConnections(ACCEPT_BACKLOG);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      Session s = new Session(conn, handshake.hasFieldValue("x-goog-api-key"));
      byConnection.put(conn, s);
      sessions.add(s);
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      Session s = byConnection.remove(conn);
      if (s != null) {
        s.closed.countDown();
      }
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      Session s = byConnection.get(conn);
      if (s != null) {
        s.onMessage(message);
      }
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      onMessage(conn, StandardCharsets.UTF_8.decode(message).toString());
    }

    @Override
    public void onError(WebSocket conn, Exception ex) {
      // a dropped client shows up here and in onClose; nothing to do
    }

    @Override
    public void onStart() {
      started.countDown();
    }
  }
}
