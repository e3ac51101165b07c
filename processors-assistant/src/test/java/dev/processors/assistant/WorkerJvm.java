package dev.processors.assistant;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A worker in a JVM of its own ({@code AssistantCli} with {@code SERVICE_ROLE=worker}), started
 * from the test classpath, for tests that kill a worker or run several. Closing stops it (SIGTERM,
 * then SIGKILL); a JVM that is still running when the test JVM ends is killed by a shutdown hook.
 */
final class WorkerJvm implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final Thread hook;

  private WorkerJvm(Process process, Path log) {
    this.process = process;
    this.log = log;
    this.hook = new Thread(process::destroyForcibly);
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** Starts a worker with {@code env} and waits until it consumes. */
  static WorkerJvm start(Map<String, String> env) throws IOException, InterruptedException {
    Path log = Files.createTempFile("assistant-worker", ".log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    java,
                    "-Xmx256m",
                    "-cp",
                    System.getProperty("java.class.path"),
                    AssistantCli.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("SERVICE_ROLE", "worker");
    WorkerJvm jvm = new WorkerJvm(pb.start(), log);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!jvm.output().contains("assistant service running")) {
      if (!jvm.process.isAlive() || System.nanoTime() > deadline) {
        String out = jvm.output();
        jvm.close();
        throw new AssertionError("the worker JVM did not start; its output:\n" + out);
      }
      Thread.sleep(50);
    }
    return jvm;
  }

  /** Everything the JVM printed so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  /** Kills the JVM at once (SIGKILL), as a crash would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Stops the JVM normally and returns how many messages it said it answered. */
  long stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    String out = output();
    int at = out.lastIndexOf("answered ");
    if (at < 0) {
      return -1;
    }
    return Long.parseLong(out.substring(at + 9).split(" ")[0].strip());
  }

  boolean alive() {
    return process.isAlive();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      process.destroy();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // exiting
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file
    }
  }
}
