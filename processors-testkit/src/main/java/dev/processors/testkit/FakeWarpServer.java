package dev.processors.testkit;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * A local stand-in for a SwimOS server speaking WARP (Recon envelopes in WebSocket text frames) on
 * 127.0.0.1, for tests of WARP clients: it holds one value per node and lane, answers {@code @link}
 * with {@code @linked}, {@code @sync} with {@code @linked}, the current value as an {@code @event}
 * and {@code @synced}, and {@code @unlink} with {@code @unlinked}; {@link #set} publishes a new
 * value to every client linked to that lane. It records every envelope received and can drop every
 * connection (to test reconnection) or unlink a lane from its side.
 *
 * <pre>{@code
 * try (FakeWarpServer warp = FakeWarpServer.start()) {
 *   warp.set("/stock/XYZ", "status", "{symbol:XYZ,seq:0,price:100.5,volume:300}");
 *   // connect a client to warp.uri(), send @sync(node:"/stock/XYZ",lane:status) ...
 * }
 * }</pre>
 *
 * <p>Thread-safe. Values are Recon text, sent as they are given.
 */
public final class FakeWarpServer implements AutoCloseable {
  private static final long WAIT_SECONDS = 10;
  private static final Pattern HEADERS =
      Pattern.compile(
          "^\\s*@(\\w+)\\s*\\(\\s*(?:node\\s*:\\s*)?(\"(?:[^\"\\\\]|\\\\.)*\"|[\\w/.-]+)\\s*,"
              + "\\s*(?:lane\\s*:\\s*)?(\"(?:[^\"\\\\]|\\\\.)*\"|[\\w/.-]+)\\s*\\)");

  private record Lane(String node, String lane) {}

  private final Server server;
  private final CountDownLatch started = new CountDownLatch(1);
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final List<String> received = new ArrayList<>();
  private final Map<Lane, String> values = new ConcurrentHashMap<>();
  private final Map<WebSocket, Set<Lane>> links = new ConcurrentHashMap<>();
  private int connections;

  private FakeWarpServer() {
    server = new Server();
  }

  /** Starts a server on an ephemeral port of 127.0.0.1. */
  public static FakeWarpServer start() {
    FakeWarpServer s = new FakeWarpServer();
    s.server.setReuseAddr(true);
    s.server.start();
    try {
      if (!s.started.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the fake WARP server did not start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the fake WARP server", e);
    }
    return s;
  }

  /** The URI to give a client: {@code ws://127.0.0.1:PORT}. */
  public String uri() {
    return "ws://127.0.0.1:" + server.getPort();
  }

  /**
   * Sets the value of a lane (Recon text, e.g. {@code {price:101.5}}) and sends it as an {@code
   * @event} to every client linked to that lane.
   */
  public void set(String node, String lane, String recon) {
    Lane key = new Lane(node, lane);
    values.put(key, recon);
    links.forEach(
        (conn, lanes) -> {
          if (lanes.contains(key) && conn.isOpen()) {
            conn.send(envelope("event", key) + recon);
          }
        });
  }

  /** Sends {@code @unlinked} for this lane to every linked client, as a server closing a link. */
  public void unlink(String node, String lane, String reasonTag) {
    Lane key = new Lane(node, lane);
    links.forEach(
        (conn, lanes) -> {
          if (lanes.remove(key) && conn.isOpen()) {
            conn.send(envelope("unlinked", key) + "@" + reasonTag);
          }
        });
  }

  /**
   * Closes every connection from the server's side (a server going away: close code 1001, then the
   * socket), as a restart or a load balancer would.
   */
  public void dropConnections() {
    for (WebSocket conn : List.copyOf(links.keySet())) {
      links.remove(conn);
      conn.close(1001, "going away");
    }
  }

  /** Every envelope received so far, in order, as text. */
  public List<String> received() {
    lock.lock();
    try {
      return List.copyOf(received);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits up to 10 seconds until {@code count} received envelopes match, and returns them all.
   *
   * @throws AssertionError if they do not arrive in time
   */
  public List<String> awaitReceived(Predicate<String> matches, int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    lock.lock();
    try {
      while (true) {
        List<String> found = received.stream().filter(matches).toList();
        if (found.size() >= count) {
          return found;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError(
              "expected " + count + " matching envelopes within 10 s; received " + received);
        }
        changed.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } finally {
      lock.unlock();
    }
  }

  /** How many clients have connected so far. */
  public int connections() {
    lock.lock();
    try {
      return connections;
    } finally {
      lock.unlock();
    }
  }

  /** The tag of an envelope ({@code sync}, {@code unlink}...), if it is one. */
  public static Optional<String> tagOf(String envelope) {
    Matcher m = HEADERS.matcher(envelope);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  @Override
  public void close() {
    try {
      server.stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static String envelope(String tag, Lane lane) {
    return "@" + tag + "(node:\"" + lane.node() + "\",lane:" + quoteLane(lane.lane()) + ")";
  }

  private static String quoteLane(String lane) {
    return lane.matches("[A-Za-z_]\\w*") ? lane : "\"" + lane + "\"";
  }

  private static String unquote(String s) {
    return s.startsWith("\"") ? s.substring(1, s.length() - 1).replace("\\\"", "\"") : s;
  }

  private void onEnvelope(WebSocket conn, String text) {
    lock.lock();
    try {
      received.add(text);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    Matcher m = HEADERS.matcher(text);
    if (!m.find()) {
      return;
    }
    Lane lane = new Lane(unquote(m.group(2)), unquote(m.group(3)));
    Set<Lane> linked = links.computeIfAbsent(conn, c -> ConcurrentHashMap.newKeySet());
    switch (m.group(1)) {
      case "link" -> {
        linked.add(lane);
        conn.send(envelope("linked", lane));
      }
      case "sync" -> {
        linked.add(lane);
        conn.send(envelope("linked", lane));
        String value = values.get(lane);
        if (value != null) {
          conn.send(envelope("event", lane) + value);
        }
        conn.send(envelope("synced", lane));
      }
      case "unlink" -> {
        linked.remove(lane);
        conn.send(envelope("unlinked", lane));
      }
      default -> {} // commands and others are only recorded
    }
  }

  private final class Server extends WebSocketServer {
    Server() {
      super(new InetSocketAddress("127.0.0.1", 0));
      setConnectionLostTimeout(0);
    }

    @Override
    public void onOpen(WebSocket conn, ClientHandshake handshake) {
      links.put(conn, ConcurrentHashMap.newKeySet());
      lock.lock();
      try {
        connections++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    @Override
    public void onClose(WebSocket conn, int code, String reason, boolean remote) {
      links.remove(conn);
    }

    @Override
    public void onMessage(WebSocket conn, String message) {
      onEnvelope(conn, message);
    }

    @Override
    public void onMessage(WebSocket conn, ByteBuffer message) {
      onEnvelope(conn, StandardCharsets.UTF_8.decode(message).toString());
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
