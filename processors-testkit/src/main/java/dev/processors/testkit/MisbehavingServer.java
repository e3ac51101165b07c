package dev.processors.testkit;

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
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TCP server on 127.0.0.1 that answers every connection with one fault below HTTP: it hangs up at
 * once, resets the connection, says nothing, sends bytes that are not HTTP, or answers in plain
 * text whatever the client sends (so a TLS client's handshake fails, as against a server that does
 * not speak TLS). Point a client's base URL at {@link #httpUrl()} or {@link #httpsUrl()} to see how
 * it fails.
 *
 * <pre>{@code
 * try (MisbehavingServer silent = MisbehavingServer.start(MisbehavingServer.Fault.SILENCE)) {
 *   Processor model = GenaiModel.builder().baseUrl(silent.httpUrl())...build();
 *   // the model must time out and fail typed, not hang
 * }
 * String nobody = MisbehavingServer.refusedUrl(); // connection refused
 * }</pre>
 *
 * <p>Thread-safe. Each connection is served on a virtual thread; {@link #close()} closes every
 * connection and waits for those threads.
 */
public final class MisbehavingServer implements AutoCloseable {
  /** What the server does with each connection. */
  public enum Fault {
    /** Accepts, then closes the connection at once (the client reads end of stream). */
    CLOSE,
    /** Accepts, then resets the connection (the client gets "connection reset"). */
    RESET,
    /** Accepts and reads, but never writes anything and never closes, until the server closes. */
    SILENCE,
    /** Reads the request, answers with bytes that are not HTTP at all, and closes. */
    GARBAGE,
    /**
     * Answers whatever arrives first (a TLS client's handshake included) with a plain-text HTTP
     * 400, as a server without TLS does, and closes.
     */
    PLAINTEXT
  }

  private static final byte[] GARBAGE =
      "\u0000\u0001SSH-2.0-not-http\r\n\u00ff\u00fe{{{garbage"
          .getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] PLAIN_400 =
      ("HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 36\r\n"
              + "Connection: close\r\n\r\nThis server does not speak TLS here.")
          .getBytes(StandardCharsets.US_ASCII);

  private final Fault fault;
  private final ServerSocket server;
  private final ExecutorService threads;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private int connections;
  private volatile boolean closed;

  private MisbehavingServer(Fault fault) {
    this.fault = fault;
    try {
      server = new ServerSocket();
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind a server on 127.0.0.1", e);
    }
    threads =
        Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("misbehaving-server").factory());
    threads.execute(this::accept);
  }

  /**
   * Starts a server on 127.0.0.1 and an ephemeral port that answers every connection with {@code
   * fault}.
   *
   * @throws UncheckedIOException if no port can be bound
   */
  public static MisbehavingServer start(Fault fault) {
    return new MisbehavingServer(Objects.requireNonNull(fault, "fault"));
  }

  /**
   * A URL of 127.0.0.1 on which nothing listens (a port that was just bound and released), so a
   * connection to it is refused.
   */
  public static String refusedUrl() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return "http://127.0.0.1:" + s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on 127.0.0.1", e);
    }
  }

  /** The fault this server plays. */
  public Fault fault() {
    return fault;
  }

  /** The port the server listens on (127.0.0.1). */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String httpUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** {@code https://127.0.0.1:PORT}: a client that wants TLS meets the fault instead. */
  public String httpsUrl() {
    return "https://127.0.0.1:" + port();
  }

  /** How many connections the server accepted. */
  public int connections() {
    lock.lock();
    try {
      return connections;
    } finally {
      lock.unlock();
    }
  }

  /** Blocks until {@code count} connections were accepted; false if {@code timeout} passed. */
  public boolean awaitConnections(int count, Duration timeout) throws InterruptedException {
    long left = timeout.toNanos();
    lock.lock();
    try {
      while (connections < count) {
        if (left <= 0) {
          return false;
        }
        left = changed.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Closes the server and every connection, and waits for their threads. Idempotent. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (Socket s : open) {
      closeQuietly(s);
    }
    threads.close();
  }

  @Override
  public String toString() {
    return "MisbehavingServer[" + fault + ", " + httpUrl() + "]";
  }

  private void accept() {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return;
      }
      open.add(socket);
      lock.lock();
      try {
        connections++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
      if (closed) {
        closeQuietly(socket);
        return;
      }
      threads.execute(() -> serve(socket));
    }
  }

  private void serve(Socket socket) {
    try {
      switch (fault) {
        case CLOSE -> {}
        case RESET -> socket.setSoLinger(true, 0);
        case SILENCE -> drain(socket.getInputStream());
        case GARBAGE -> answer(socket, GARBAGE);
        case PLAINTEXT -> answer(socket, PLAIN_400);
      }
    } catch (IOException e) {
      // the client went away: nothing to do
    } finally {
      closeQuietly(socket);
      open.remove(socket);
    }
  }

  private static void answer(Socket socket, byte[] bytes) throws IOException {
    InputStream in = socket.getInputStream();
    byte[] buf = new byte[8192];
    if (in.read(buf) < 0) {
      return; // hung up before asking anything
    }
    OutputStream out = socket.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  private static void drain(InputStream in) throws IOException {
    byte[] buf = new byte[8192];
    while (in.read(buf) >= 0) {
      // read and ignore until the client or the server closes
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }
}
