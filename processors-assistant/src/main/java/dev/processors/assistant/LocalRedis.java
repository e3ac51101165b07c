package dev.processors.assistant;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A Redis server of its own for local use: Debian's {@code redis-server} on 127.0.0.1 and a free
 * port, without persistence, in a temporary directory, stopped by {@link #close()} or when the JVM
 * ends. Starts in well under a second.
 *
 * <pre>{@code
 * try (LocalRedis redis = LocalRedis.start()) {
 *   String url = redis.url();   // redis://127.0.0.1:PORT/0
 * }
 * }</pre>
 *
 * <p>{@link #start()} throws {@link AssistantException} saying how to install Redis when {@code
 * redis-server} is not installed, or with the server's log when it does not come up.
 */
public final class LocalRedis implements AutoCloseable {
  /** The package that provides the binary. */
  public static final String INSTALL_HINT =
      "install Debian's redis-server and rabbitmq-server (as root: apt-get install -y"
          + " --no-install-recommends redis-server rabbitmq-server; bin/test does it when run as"
          + " root)";

  private final LocalProcess process;
  private final Path dir;
  private final int port;

  private LocalRedis(LocalProcess process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** The {@code redis-server} binary, if installed. */
  static java.util.Optional<Path> binary() {
    for (String candidate : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
      if (Files.isExecutable(Path.of(candidate))) {
        return java.util.Optional.of(Path.of(candidate));
      }
    }
    return java.util.Optional.empty();
  }

  /** Starts a server and waits until it answers {@code PING}. */
  public static LocalRedis start() {
    Path bin =
        binary()
            .orElseThrow(
                () -> new AssistantException("redis-server is not installed: " + INSTALL_HINT));
    Path dir;
    try {
      dir = Files.createTempDirectory("processors-redis-");
    } catch (IOException e) {
      throw new AssistantException("cannot create a directory for Redis: " + e.getMessage(), e);
    }
    int port = LocalProcess.freePort();
    Path log = dir.resolve("redis.log");
    LocalProcess process =
        LocalProcess.start(
            "redis-server :" + port,
            List.of(
                bin.toString(),
                "--bind",
                "127.0.0.1",
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                dir.toString()),
            Map.of(),
            dir,
            log,
            "");
    LocalRedis redis = new LocalRedis(process, dir, port);
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (!redis.ping()) {
      if (!process.alive() || System.nanoTime() > deadline) {
        redis.close();
        throw new AssistantException(
            "redis-server did not start on port "
                + port
                + "; its log:\n"
                + LocalProcess.tail(log, 20));
      }
      sleep(20);
    }
    return redis;
  }

  /** {@code redis://127.0.0.1:PORT/0}. */
  public String url() {
    return "redis://127.0.0.1:" + port + "/0";
  }

  /** The port. */
  public int port() {
    return port;
  }

  private boolean ping() {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      s.setSoTimeout(1000);
      OutputStream out = s.getOutputStream();
      out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[7];
      int n = in.readNBytes(buf, 0, 7);
      return n == 7 && new String(buf, StandardCharsets.US_ASCII).startsWith("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssistantException("interrupted while starting a server", e);
    }
  }

  /** Stops the server and deletes its directory. Idempotent. */
  @Override
  public void close() {
    process.stop();
    LocalProcess.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "LocalRedis[" + url() + "]";
  }
}
