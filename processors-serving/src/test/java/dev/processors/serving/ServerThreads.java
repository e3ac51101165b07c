package dev.processors.serving;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The threads the serving module starts itself (named {@code processors:sse-heartbeat}, {@code
 * processors:ws-out} and {@code processors:ws-heartbeat}), found in a JSON thread dump of this JVM,
 * which lists virtual threads too. Test classes run one after another, so the threads found belong
 * to the test that looks.
 */
final class ServerThreads {
  private static final Pattern NAME =
      Pattern.compile("\"name\"\\s*:\\s*\"(processors:(?:sse-heartbeat|ws-out|ws-heartbeat))\"");

  private ServerThreads() {}

  /** The names of the serving module's threads alive now. */
  static List<String> alive() {
    try {
      Path dir = Files.createTempDirectory("threads");
      Path file = dir.resolve("dump.json");
      try {
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
        List<String> names = new ArrayList<>();
        Matcher m = NAME.matcher(Files.readString(file));
        while (m.find()) {
          names.add(m.group(1));
        }
        return names;
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (up to 20 s) until none of the serving module's threads is alive; returns those left. */
  static List<String> awaitNone() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    List<String> left = alive();
    while (!left.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
      left = alive();
    }
    return left;
  }
}
