package dev.processors.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a leak check does not count: threads by name prefix and open files by a part of their path,
 * for resources that belong to the JVM or to a shared, self-limiting pool rather than to the code
 * under test.
 *
 * <p>{@link #defaults()} ignores the JVM's own threads (the virtual-thread scheduler and its
 * pollers, the common pool, reference handling), JUnit's and Surefire's threads, OkHttp's shared
 * task runner and watchdog (one per JVM, idle threads end by themselves), and files the JVM opens
 * to load classes ({@code .jar}, {@code .so}, the runtime image) or read randomness. Nothing else
 * is ignored: a selector thread of a JDK {@code HttpClient} left open, a socket, a pipe or an
 * event-poll descriptor all count. Immutable.
 *
 * @param threadPrefixes thread names starting with one of these are not counted
 * @param fileFragments open descriptors whose target contains one of these are not counted
 */
public record LeakFilter(List<String> threadPrefixes, List<String> fileFragments) {
  private static final LeakFilter DEFAULTS =
      new LeakFilter(
          List.of(
              "ForkJoinPool-",
              "ForkJoinPool.commonPool-",
              "VirtualThread-",
              "Read-Poller",
              "Write-Poller",
              "Common-Cleaner",
              "Reference Handler",
              "Finalizer",
              "Signal Dispatcher",
              "Notification Thread",
              "Attach Listener",
              "process reaper",
              "surefire-",
              "junit-",
              "OkHttp TaskRunner",
              "Okio Watchdog",
              "JFR "),
          List.of(".jar", ".so", "/lib/modules", ".jsa", "/dev/random", "/dev/urandom", "/proc/"));

  /** Copies the lists. */
  public LeakFilter {
    threadPrefixes = List.copyOf(threadPrefixes);
    fileFragments = List.copyOf(fileFragments);
  }

  /** The default filter described above. */
  public static LeakFilter defaults() {
    return DEFAULTS;
  }

  /** This filter, also ignoring threads whose names start with {@code prefixes}. */
  public LeakFilter ignoringThreads(String... prefixes) {
    List<String> all = new ArrayList<>(threadPrefixes);
    for (String p : prefixes) {
      all.add(Objects.requireNonNull(p, "prefix"));
    }
    return new LeakFilter(all, fileFragments);
  }

  /** This filter, also ignoring descriptors whose target contains one of {@code fragments}. */
  public LeakFilter ignoringFiles(String... fragments) {
    List<String> all = new ArrayList<>(fileFragments);
    for (String f : fragments) {
      all.add(Objects.requireNonNull(f, "fragment"));
    }
    return new LeakFilter(threadPrefixes, all);
  }

  boolean ignoresThread(String name) {
    for (String p : threadPrefixes) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  boolean ignoresFile(String target) {
    for (String f : fileFragments) {
      if (target.contains(f)) {
        return true;
      }
    }
    return false;
  }
}
