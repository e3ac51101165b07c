package dev.processors.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.HotSpotDiagnosticMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * The live threads (platform and virtual) and open file descriptors of this JVM at one moment, to
 * check that code under test leaves none behind.
 *
 * <pre>{@code
 * ResourceSnapshot before = ResourceSnapshot.take();
 * try (ProcessorRun run = model.start(input)) { ... }          // the code under test
 * Leaks leaks = ResourceSnapshot.awaitNoLeaks(before, LeakFilter.defaults(), Duration.ofSeconds(5));
 * assertThat(leaks.isEmpty()).as(leaks.toString()).isTrue();
 * }</pre>
 *
 * <p>Threads come from the JVM's thread dump ({@code HotSpotDiagnosticMXBean.dumpThreads}), which
 * lists virtual threads too; a snapshot takes some tens of milliseconds. File descriptors come from
 * {@code /proc/self/fd} (Linux; elsewhere none are listed). Immutable and thread-safe.
 */
public final class ResourceSnapshot {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Path FDS = Path.of("/proc/self/fd");
  private static final int STACK_LINES = 8;

  static {
    JvmWarmUp.run();
  }

  /** A thread of the snapshot. */
  private record ThreadEntry(String id, String name, boolean virtual, String state, String stack) {
    String describe() {
      return "\""
          + name
          + "\" #"
          + id
          + (virtual ? " (virtual)" : "")
          + ", "
          + state
          + (stack.isEmpty() ? "" : "\n" + stack);
    }
  }

  private final Map<String, ThreadEntry> threads;
  private final Map<Integer, String> fds;

  private ResourceSnapshot(Map<String, ThreadEntry> threads, Map<Integer, String> fds) {
    this.threads = threads;
    this.fds = fds;
  }

  /**
   * Takes a snapshot now.
   *
   * @throws UncheckedIOException if the thread dump cannot be written to a temporary file
   */
  public static ResourceSnapshot take() {
    return new ResourceSnapshot(liveThreads(), openFds());
  }

  /** The live threads, each described by name, id and state. */
  public List<String> threads() {
    return threads.values().stream()
        .map(t -> "\"" + t.name() + "\" #" + t.id() + (t.virtual() ? " (virtual)" : ""))
        .toList();
  }

  /** The open file descriptors and what each points to (empty where {@code /proc} is absent). */
  public Map<Integer, String> fileDescriptors() {
    return fds;
  }

  /** What is in this snapshot and not in {@code before}, except what {@code filter} ignores. */
  public Leaks leaksSince(ResourceSnapshot before, LeakFilter filter) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(filter, "filter");
    List<String> newThreads = new ArrayList<>();
    for (ThreadEntry t : threads.values()) {
      if (!before.threads.containsKey(t.id()) && !filter.ignoresThread(t.name())) {
        newThreads.add(t.describe());
      }
    }
    List<String> newFds = new ArrayList<>();
    fds.forEach(
        (fd, target) -> {
          if (!target.equals(before.fds.get(fd)) && !filter.ignoresFile(target)) {
            newFds.add("fd " + fd + " -> " + target);
          }
        });
    return new Leaks(newThreads, newFds);
  }

  /**
   * Takes snapshots until nothing new since {@code before} is left (threads and connections take a
   * moment to end after a close), or {@code timeout} passes.
   *
   * @return what is still there at the end: empty if nothing leaked
   */
  public static Leaks awaitNoLeaks(ResourceSnapshot before, LeakFilter filter, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    long pause = Duration.ofMillis(10).toNanos();
    while (true) {
      Leaks leaks = take().leaksSince(before, filter);
      if (leaks.isEmpty() || System.nanoTime() - deadline >= 0) {
        return leaks;
      }
      LockSupport.parkNanos(pause);
      pause = Math.min(pause * 2, Duration.ofMillis(200).toNanos());
    }
  }

  @Override
  public String toString() {
    return "ResourceSnapshot[" + threads.size() + " threads, " + fds.size() + " fds]";
  }

  private static Map<String, ThreadEntry> liveThreads() {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("processors-leak-check");
      Path file = dir.resolve("threads.json");
      ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
          .dumpThreads(file.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
      JsonNode dump = MAPPER.readTree(file.toFile());
      Map<String, ThreadEntry> out = new LinkedHashMap<>();
      for (JsonNode container : dump.path("threadDump").path("threadContainers")) {
        for (JsonNode t : container.path("threads")) {
          String id = t.path("tid").asText();
          out.putIfAbsent(id, entry(id, t));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take a thread dump for the leak check", e);
    } finally {
      deleteQuietly(dir);
    }
  }

  private static ThreadEntry entry(String id, JsonNode t) {
    StringBuilder stack = new StringBuilder();
    int lines = 0;
    for (JsonNode frame : t.path("stack")) {
      String f = frame.asText();
      if (lines == STACK_LINES) {
        stack.append("\n      ...");
        break;
      }
      if (lines > 0) {
        stack.append('\n');
      }
      stack.append("      at ").append(f);
      lines++;
    }
    return new ThreadEntry(
        id,
        t.path("name").asText(""),
        t.path("virtual").asBoolean(false),
        t.path("state").asText("?"),
        stack.toString());
  }

  private static Map<Integer, String> openFds() {
    Map<Integer, String> out = new TreeMap<>();
    if (!Files.isDirectory(FDS)) {
      return out;
    }
    try (Stream<Path> entries = Files.list(FDS)) {
      for (Path p : (Iterable<Path>) entries::iterator) {
        try {
          out.put(
              Integer.parseInt(p.getFileName().toString()), Files.readSymbolicLink(p).toString());
        } catch (IOException | NumberFormatException e) {
          // closed while listing: not open any more
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + FDS + " for the leak check", e);
    }
    return out;
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null) {
      return;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException ignored) {
      // a temporary file left behind is harmless
    }
  }
}
