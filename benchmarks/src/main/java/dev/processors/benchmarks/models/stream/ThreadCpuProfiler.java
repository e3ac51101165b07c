package dev.processors.benchmarks.models.stream;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.processors.benchmarks.models.stream.ThreadCpuProfiler}, Linux
 * only) that says which threads of the benchmark JVM spend the CPU: for every native thread (Java
 * platform threads, virtual-thread carriers, pollers, GC and JIT threads) it reads the exact run
 * time and the number of times it was put on a CPU from {@code /proc/self/task/<tid>/schedstat},
 * groups threads by name with digits folded ({@code ForkJoinPool-#-worker-#}), and reports per
 * operation {@code cpu.<group>} (ns) and {@code runs.<group>} (times scheduled, about one per
 * wake-up). {@code cpu.(ended)} is the process CPU time no live thread accounts for (threads that
 * ended during the iteration). Groups below 0.5% of the total are folded into {@code cpu.(rest)}.
 */
public final class ThreadCpuProfiler implements InternalProfiler {
  private static final Path TASKS = Path.of("/proc/self/task");

  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private Map<String, long[]> start = Map.of();
  private long processStart;

  /** Per thread id: name, run time (ns), times scheduled. */
  private record Sample(String name, long cpu, long runs) {}

  @Override
  public String getDescription() {
    return "CPU time and wake-ups per operation, per group of native threads (/proc)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    start = snapshot();
    processStart = os.getProcessCpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long process = os.getProcessCpuTime() - processStart;
    Map<String, long[]> end = snapshot();
    double ops = Math.max(1, result.getMetadata().getAllOps());
    Map<String, long[]> groups = new TreeMap<>();
    long attributed = 0;
    for (Map.Entry<String, long[]> e : end.entrySet()) {
      long[] before = start.get(e.getKey());
      long[] now = e.getValue();
      long cpu = now[0] - (before == null ? 0 : before[0]);
      long runs = now[1] - (before == null ? 0 : before[1]);
      String group = e.getKey().substring(e.getKey().indexOf(':') + 1).replaceAll("\\d+", "#");
      long[] g = groups.computeIfAbsent(group, k -> new long[2]);
      g[0] += cpu;
      g[1] += runs;
      attributed += cpu;
    }
    List<Result> out = new ArrayList<>();
    long rest = 0;
    long restRuns = 0;
    for (Map.Entry<String, long[]> g : groups.entrySet()) {
      if (g.getValue()[0] < process / 200) {
        rest += g.getValue()[0];
        restRuns += g.getValue()[1];
        continue;
      }
      out.add(cpu("cpu." + g.getKey(), g.getValue()[0] / ops));
      out.add(runs("runs." + g.getKey(), g.getValue()[1] / ops));
    }
    out.add(cpu("cpu.(rest)", rest / ops));
    out.add(runs("runs.(rest)", restRuns / ops));
    out.add(cpu("cpu.(ended)", Math.max(0, process - attributed) / ops));
    out.add(cpu("cpu.(process)", process / ops));
    return out;
  }

  private static ScalarResult cpu(String label, double value) {
    return new ScalarResult(label, value, "ns/op", AggregationPolicy.AVG);
  }

  private static ScalarResult runs(String label, double value) {
    return new ScalarResult(label, value, "#/op", AggregationPolicy.AVG);
  }

  /** "tid:name" to {run ns, times scheduled} for every live native thread. */
  private static Map<String, long[]> snapshot() {
    Map<String, long[]> m = new HashMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        try {
          String name = Files.readString(task.resolve("comm")).strip();
          String[] stat = Files.readString(task.resolve("schedstat")).strip().split(" ");
          m.put(
              task.getFileName() + ":" + name,
              new long[] {Long.parseLong(stat[0]), Long.parseLong(stat[2])});
        } catch (IOException | RuntimeException gone) {
          // the thread ended between listing and reading
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + TASKS + ": " + e.getMessage(), e);
    }
    return m;
  }
}
