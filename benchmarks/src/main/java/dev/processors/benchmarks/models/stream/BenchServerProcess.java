package dev.processors.benchmarks.models.stream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@link SseBenchServer} in a child JVM on this JVM's class path: started by a benchmark's trial
 * set-up, stopped by its tear-down (or when this JVM dies, since the child exits when its standard
 * input closes).
 */
final class BenchServerProcess implements AutoCloseable {
  private final Process process;
  private final int port;

  private BenchServerProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts the server and waits until it listens. */
  static BenchServerProcess start() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command =
        List.of(
            java,
            "-Xms128m",
            "-Xmx512m",
            "-XX:+UseSerialGC",
            "-Dsun.net.httpserver.nodelay=true",
            "-cp",
            System.getProperty("java.class.path"),
            SseBenchServer.class.getName());
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
    String line = out.readLine();
    if (line == null || !line.startsWith("port=")) {
      p.destroyForcibly();
      throw new IOException("the bench server did not start: " + line);
    }
    return new BenchServerProcess(p, Integer.parseInt(line.substring(5).trim()));
  }

  /** {@code http://127.0.0.1:<port>} (no trailing slash). */
  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() throws IOException {
    process.getOutputStream().close();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
