package dev.processors.assistant;

import com.rabbitmq.client.Connection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A RabbitMQ broker of its own for local use: Debian's {@code rabbitmq-server} as a node named
 * after its port, listening on 127.0.0.1 only (AMQP, Erlang distribution and its own {@code epmd}
 * each on a free port), with its data in a temporary directory, stopped by {@link #close()} or when
 * the JVM ends. Several can run at once (one per test JVM). It takes about 10-12 s to start on a
 * 2-core machine: start one and share it.
 *
 * <pre>{@code
 * try (LocalRabbitMq rabbit = LocalRabbitMq.start()) {
 *   String url = rabbit.url();   // amqp://guest:guest@127.0.0.1:PORT/
 * }
 * }</pre>
 *
 * <p>{@link #start()} throws {@link AssistantException} saying how to install RabbitMQ when it is
 * not installed, or with the broker's log when it does not come up within 90 s.
 */
public final class LocalRabbitMq implements AutoCloseable {
  static final Path SERVER = Path.of("/usr/lib/rabbitmq/bin/rabbitmq-server");

  private final LocalProcess process;
  private final Path dir;
  private final int port;

  private LocalRabbitMq(LocalProcess process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** True if Debian's rabbitmq-server is installed. */
  static boolean installed() {
    return Files.isExecutable(SERVER);
  }

  /** Starts a broker and waits until it accepts an AMQP connection. */
  public static LocalRabbitMq start() {
    if (!installed()) {
      throw new AssistantException(
          "rabbitmq-server is not installed ("
              + SERVER
              + " is missing): "
              + LocalRedis.INSTALL_HINT);
    }
    Path dir;
    int port = LocalProcess.freePort();
    int dist = LocalProcess.freePort();
    int epmd = LocalProcess.freePort();
    try {
      dir = Files.createTempDirectory("processors-rabbitmq-");
      Files.createDirectories(dir.resolve("mnesia"));
      Files.createDirectories(dir.resolve("log"));
      Files.createDirectories(dir.resolve("home"));
      Files.writeString(
          dir.resolve("rabbitmq.conf"),
          "listeners.tcp.default = 127.0.0.1:" + port + "\nloopback_users.guest = true\n",
          StandardCharsets.UTF_8);
      Files.writeString(dir.resolve("enabled_plugins"), "[].\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new AssistantException("cannot prepare a directory for RabbitMQ: " + e.getMessage(), e);
    }
    Map<String, String> env =
        Map.ofEntries(
            Map.entry("HOME", dir.resolve("home").toString()),
            Map.entry("RABBITMQ_NODENAME", "rabbit" + port + "@localhost"),
            Map.entry("RABBITMQ_CONFIG_FILE", dir.resolve("rabbitmq.conf").toString()),
            Map.entry("RABBITMQ_MNESIA_BASE", dir.resolve("mnesia").toString()),
            Map.entry("RABBITMQ_LOG_BASE", dir.resolve("log").toString()),
            Map.entry("RABBITMQ_ENABLED_PLUGINS_FILE", dir.resolve("enabled_plugins").toString()),
            Map.entry("RABBITMQ_PID_FILE", dir.resolve("rabbitmq.pid").toString()),
            Map.entry("ERL_EPMD_ADDRESS", "127.0.0.1"),
            Map.entry("ERL_EPMD_PORT", Integer.toString(epmd)),
            Map.entry("RABBITMQ_DIST_PORT", Integer.toString(dist)),
            Map.entry(
                "RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS",
                "-kernel inet_dist_use_interface {127,0,0,1}"));
    Path log = dir.resolve("server.out");
    // epmd outlives the node it served; this one is the node's alone (its own port).
    LocalProcess process =
        LocalProcess.start(
            "rabbitmq-server :" + port,
            List.of(SERVER.toString()),
            env,
            dir,
            log,
            "PATH=\"$PATH:$(ls -d /usr/lib/erlang/erts-*/bin | head -1)\" epmd -port "
                + epmd
                + " -kill");
    LocalRabbitMq rabbit = new LocalRabbitMq(process, dir, port);
    long deadline = System.nanoTime() + 90_000_000_000L;
    while (true) {
      try {
        Connection c = RabbitTopology.connect(rabbit.url(), "probe");
        c.close();
        return rabbit;
      } catch (AssistantException | IOException e) {
        if (!process.alive() || System.nanoTime() > deadline) {
          String tail = LocalProcess.tail(log, 30);
          rabbit.close();
          throw new AssistantException(
              "rabbitmq-server did not start on port " + port + "; its output:\n" + tail);
        }
        LocalRedis.sleep(200);
      }
    }
  }

  /** {@code amqp://guest:guest@127.0.0.1:PORT/}. */
  public String url() {
    return "amqp://guest:guest@127.0.0.1:" + port + "/";
  }

  /** The AMQP port. */
  public int port() {
    return port;
  }

  /** Stops the broker (and its epmd) and deletes its directory. Idempotent. */
  @Override
  public void close() {
    process.stop();
    LocalProcess.deleteTree(dir);
  }

  @Override
  public String toString() {
    return "LocalRabbitMq[" + url() + "]";
  }
}
