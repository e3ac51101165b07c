package dev.processors.assistant;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process started from an installed binary for local use (tests, {@code bin/run}), watched
 * so that it never outlives the JVM that started it: it runs under a small shell watchdog that
 * stops it when this JVM's process is gone (even after {@code kill -9}), and a shutdown hook stops
 * it when the JVM exits normally. Thread-safe; {@link #stop()} is idempotent.
 */
final class LocalProcess {
  private static final String WATCHDOG =
      """
      #!/bin/sh
      # Runs a server and stops it when the JVM that started it is gone (checked every second),
      # or when told to stop; then runs the cleanup command and removes the server's directory.
      owner=$1; dir=$2; shift 2
      "$@" &
      child=$!
      finish() {
        kill -TERM "$child" 2>/dev/null
        wait "$child"
        if [ -n "$WATCHDOG_CLEANUP" ]; then sh -c "$WATCHDOG_CLEANUP" >/dev/null 2>&1; fi
        rm -rf "$dir"
        exit 0
      }
      trap finish HUP INT QUIT TERM
      while kill -0 "$owner" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
      finish
      """;

  private final String name;
  private final Process process;
  private final Thread hook;
  private volatile boolean stopped;

  private LocalProcess(String name, Process process) {
    this.name = name;
    this.process = process;
    this.hook = new Thread(this::stopNow, "stop " + name);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * Starts {@code command} under the watchdog with {@code env} added, output to {@code log} (in
   * {@code dir}, which the watchdog deletes at the end). {@code cleanup} is a shell command the
   * watchdog runs once the server stopped (e.g. to stop a helper daemon); empty for none.
   */
  static LocalProcess start(
      String name,
      List<String> command,
      Map<String, String> env,
      Path dir,
      Path log,
      String cleanup) {
    try {
      Path watchdog = dir.resolve("watchdog.sh");
      Files.writeString(watchdog, WATCHDOG, StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(watchdog, PosixFilePermissions.fromString("rwx------"));
      List<String> cmd = new ArrayList<>();
      if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
        cmd.add("/usr/bin/setsid");
      }
      cmd.add("/bin/sh");
      cmd.add(watchdog.toString());
      cmd.add(Long.toString(ProcessHandle.current().pid()));
      cmd.add(dir.toString());
      cmd.addAll(command);
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      pb.environment().putAll(env);
      pb.environment().put("WATCHDOG_CLEANUP", cleanup);
      return new LocalProcess(name, pb.start());
    } catch (IOException e) {
      throw new AssistantException("cannot start " + name + ": " + e.getMessage(), e);
    }
  }

  /** True while the server (or its watchdog) runs. */
  boolean alive() {
    return process.isAlive();
  }

  /** Stops the server and everything it started, and waits. Idempotent. */
  void stop() {
    stopNow();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is exiting: the hook runs (or ran) anyway
    }
  }

  private void stopNow() {
    if (stopped) {
      return;
    }
    stopped = true;
    List<ProcessHandle> tree = new ArrayList<>();
    process.descendants().forEach(tree::add);
    process.destroy(); // the watchdog stops the server, cleans up and waits for it
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle h : tree) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
  }

  /** A free TCP port on 127.0.0.1 (free when asked; servers bind it right after). */
  static int freePort() {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1", e);
    }
  }

  /** The last lines of a log file, for error messages. */
  static String tail(Path log, int lines) {
    try {
      List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Deletes a directory tree, ignoring what cannot be deleted. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // best effort: a temp dir
    }
  }

  @Override
  public String toString() {
    return name + (alive() ? " (running)" : " (stopped)");
  }
}
