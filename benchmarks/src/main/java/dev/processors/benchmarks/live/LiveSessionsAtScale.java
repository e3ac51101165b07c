package dev.processors.benchmarks.live;

import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.gemini.LiveApiProcessor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.Stream;

/**
 * N open Gemini Live sessions ({@link LiveApiProcessor}, one WebSocket each, default 10,000)
 * against the fake Live server running in a child JVM ({@link FakeLiveServerProcess}), so this JVM
 * spends one descriptor per session. Prints platform threads before, while open and after close,
 * open descriptors ({@code /proc/self/fd}) before and after close, heap used, the time to open all
 * (until every session's first server message arrived) and to close all, how long each session took
 * to connect, and the kernel's listen-queue counters; then checks that threads and descriptors
 * return to the baseline without a GC. Exit status 0 when every session opened and everything came
 * back, 1 otherwise. Not a JMH benchmark and not a test: it measures once.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.processors.benchmarks.live.LiveSessionsAtScale [sessions]}
 */
public final class LiveSessionsAtScale {
  private static final Duration SETTLE = Duration.ofSeconds(30);

  private LiveSessionsAtScale() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int opening = args.length > 1 ? Integer.parseInt(args[1]) : n;
    Process server = startServer();
    int exit = 1;
    try {
      String baseUrl =
          new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      if (baseUrl == null) {
        throw new IllegalStateException("the fake Live server process printed no URL");
      }
      int port = URI.create(baseUrl).getPort();
      System.out.printf("fake Live server (child JVM pid %d) at %s%n", server.pid(), baseUrl);
      System.out.println("listening socket (ss -ltn; Send-Q is the accept backlog):");
      System.out.println(listener(port));
      exit = measure(n, opening, baseUrl) ? 0 : 1;
    } finally {
      server.getOutputStream().close(); // the child exits on end of input
      if (!server.waitFor(10, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }
    System.exit(exit);
  }

  private static boolean measure(int n, int opening, String baseUrl) throws Exception {
    LiveApiProcessor live = LiveApiProcessor.builder().baseUrl(baseUrl).build();
    // One session first: it makes the JVM's shared HttpClient (and its one selector thread) and
    // loads the classes, so the baseline below holds what every later session shares.
    PartQueue warmIn = PartQueue.create();
    try (ProcessorRun warm = live.start(warmIn)) {
      warm.iterator().next();
    }
    warmIn.close();
    Thread.sleep(500);
    int threadsBefore = platformThreads();
    long fdsBefore = openDescriptors();
    long heapBefore = heapUsed();
    Map<String, Long> kernelBefore = listenCounters();

    List<PartQueue> inputs = new ArrayList<>(n);
    List<ProcessorRun> runs = new ArrayList<>(n);
    long[] connectNanos = new long[n];
    AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(n);
    Semaphore openingNow = new Semaphore(opening);
    long cpuBefore = processCpuNanos();
    long openStart = System.nanoTime();
    try (ExecutorService waiters = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < n; i++) {
        openingNow.acquire();
        PartQueue in = PartQueue.create();
        long started = System.nanoTime();
        ProcessorRun run = live.start(in);
        inputs.add(in);
        runs.add(run);
        int index = i;
        waiters.execute(
            () -> {
              try {
                ProcessorPart first = run.iterator().next();
                if (!first.text().orElse("").equals("open")) {
                  throw new IllegalStateException("unexpected first part " + first);
                }
                connectNanos[index] = System.nanoTime() - started;
              } catch (Throwable t) {
                failures.set(index, t);
              } finally {
                openingNow.release();
              }
            });
      }
    } // waits for every session's first message (or failure)
    long openMillis = millisSince(openStart);
    long openCpuMillis = (processCpuNanos() - cpuBefore) / 1_000_000;
    int threadsOpen = platformThreads();
    long fdsOpen = openDescriptors();
    long heapOpen = heapUsed();
    Map<String, Long> kernelAfter = listenCounters();

    long closeStart = System.nanoTime();
    for (int i = 0; i < n; i++) {
      inputs.get(i).close();
      runs.get(i).close();
    }
    long closeMillis = millisSince(closeStart);
    long settleStart = System.nanoTime();
    long deadline = settleStart + SETTLE.toNanos();
    int threadsAfter;
    long fdsAfter;
    while (true) {
      threadsAfter = platformThreads();
      fdsAfter = openDescriptors();
      boolean back = threadsAfter <= threadsBefore && fdsAfter <= fdsBefore;
      if (back || System.nanoTime() > deadline) {
        break;
      }
      Thread.sleep(50);
    }
    long settleMillis = millisSince(settleStart);

    int failed = report(n, connectNanos, failures);
    System.out.printf(
        "sessions: %,d opened (%,d failed) in %,d ms, at most %,d opening at once (this JVM's"
            + " CPU time meanwhile %,d ms); closed in %,d ms%n",
        n - failed, failed, openMillis, opening, openCpuMillis, closeMillis);
    System.out.printf(
        "platform threads: %d before, %d while open (%+d), %d after close (%+d)%n",
        threadsBefore,
        threadsOpen,
        threadsOpen - threadsBefore,
        threadsAfter,
        threadsAfter - threadsBefore);
    System.out.printf(
        "open descriptors: %,d before, %,d while open (%+,d), %,d after close (%+,d);"
            + " back to the baseline %,d ms after close returned (no GC)%n",
        fdsBefore, fdsOpen, fdsOpen - fdsBefore, fdsAfter, fdsAfter - fdsBefore, settleMillis);
    System.out.printf(
        "heap used (no GC, garbage included): %.1f MB before, %.1f MB while open (%+.1f MB,"
            + " %.1f KB per session), %.1f MB after close%n",
        heapBefore / 1e6,
        heapOpen / 1e6,
        (heapOpen - heapBefore) / 1e6,
        (heapOpen - heapBefore) / 1e3 / n,
        heapUsed() / 1e6);
    System.out.println(
        "kernel TCP counters while opening (whole machine): " + delta(kernelBefore, kernelAfter));
    boolean ok = failed == 0 && threadsAfter <= threadsBefore && fdsAfter <= fdsBefore;
    System.out.println(ok ? "OK" : "FAILED");
    return ok;
  }

  /** Prints the connect-time distribution and the distinct failures; returns how many failed. */
  private static int report(int n, long[] connectNanos, AtomicReferenceArray<Throwable> failures) {
    Map<String, Integer> distinct = new LinkedHashMap<>();
    long[] ok = new long[n];
    int okCount = 0;
    for (int i = 0; i < n; i++) {
      Throwable t = failures.get(i);
      if (t == null) {
        ok[okCount++] = connectNanos[i];
      } else {
        distinct.merge(t.getClass().getSimpleName() + ": " + t.getMessage(), 1, Integer::sum);
      }
    }
    long[] sorted = Arrays.copyOf(ok, okCount);
    Arrays.sort(sorted);
    if (okCount > 0) {
      System.out.printf(
          "start() to first message: min %d ms, p10 %d ms, p50 %d ms, p90 %d ms, p99 %d ms,"
              + " max %d ms%n",
          sorted[0] / 1_000_000,
          percentile(sorted, 0.10),
          percentile(sorted, 0.50),
          percentile(sorted, 0.90),
          percentile(sorted, 0.99),
          sorted[okCount - 1] / 1_000_000);
      // A SYN the listener dropped is sent again after 1 s, then 3 s, 7 s, 15 s: count by band.
      long[] bands = {1_000, 3_000, 7_000, 15_000, Long.MAX_VALUE};
      int[] counts = new int[bands.length];
      for (long v : sorted) {
        int b = 0;
        while (v / 1_000_000 >= bands[b]) {
          b++;
        }
        counts[b]++;
      }
      System.out.printf(
          "sessions by time to first message: <1 s %d, 1-3 s %d, 3-7 s %d, 7-15 s %d, >=15 s %d%n",
          counts[0], counts[1], counts[2], counts[3], counts[4]);
    }
    distinct.forEach((message, count) -> System.out.printf("failed x%d: %s%n", count, message));
    return n - okCount;
  }

  private static long percentile(long[] sorted, double p) {
    return sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))] / 1_000_000;
  }

  private static Process startServer() throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    return new ProcessBuilder(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            FakeLiveServerProcess.class.getName())
        .redirectError(ProcessBuilder.Redirect.INHERIT)
        .start();
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static int platformThreads() {
    return Thread.getAllStackTraces().size(); // live platform threads; virtual ones are not listed
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.count() - 1; // minus the descriptor of this listing
    }
  }

  private static long heapUsed() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** The listening socket as {@code ss -ltn} shows it, or why it cannot be shown. */
  private static String listener(int port) {
    try {
      Process ss = new ProcessBuilder("ss", "-ltn", "sport = :" + port).start();
      String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      ss.waitFor(5, TimeUnit.SECONDS);
      return out;
    } catch (IOException | InterruptedException e) {
      return "(ss not available: " + e.getMessage() + ")";
    }
  }

  /** Linux's listen-queue and SYN counters (TcpExt in /proc/net/netstat); empty elsewhere. */
  private static Map<String, Long> listenCounters() {
    Map<String, Long> counters = new LinkedHashMap<>();
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/net/netstat"));
      for (int i = 0; i + 1 < lines.size(); i += 2) {
        String[] names = lines.get(i).split("\\s+");
        String[] values = lines.get(i + 1).split("\\s+");
        if (!names[0].equals("TcpExt:")) {
          continue;
        }
        for (int k = 1; k < names.length && k < values.length; k++) {
          if (List.of("ListenOverflows", "ListenDrops", "TCPReqQFullDoCookies", "TCPSynRetrans")
              .contains(names[k])) {
            counters.put(names[k], Long.parseLong(values[k]));
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: nothing to show
    }
    return counters;
  }

  private static String delta(Map<String, Long> before, Map<String, Long> after) {
    if (after.isEmpty()) {
      return "(not available)";
    }
    StringBuilder s = new StringBuilder();
    after.forEach(
        (name, value) ->
            s.append(s.isEmpty() ? "" : ", ")
                .append(name)
                .append(" +")
                .append(value - before.getOrDefault(name, 0L)));
    return s.toString();
  }
}
