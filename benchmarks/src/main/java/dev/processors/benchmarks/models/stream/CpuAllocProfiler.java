package dev.processors.benchmarks.models.stream;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler ({@code -prof dev.processors.benchmarks.models.stream.CpuAllocProfiler}) that
 * reports, per operation, the CPU time of the whole benchmark JVM ({@code cpu.norm}: every thread,
 * GC and JIT included, so a contender that hands work to other threads pays for it) and the bytes
 * allocated by all its threads, including threads that ended during the iteration ({@code
 * alloc.norm}), plus the CPU used per wall-clock second ({@code cpu.cores}) and, on Linux, the CPU
 * time without the JIT compiler threads ({@code cpu.nojit.norm}: compiling is a warm-up cost, not a
 * per-delta one). With {@code @OperationsPerInvocation(n)} an operation is one streamed delta.
 */
public final class CpuAllocProfiler implements InternalProfiler {
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private long cpuStart;
  private long allocStart;
  private long wallStart;
  private long jitStart;

  @Override
  public String getDescription() {
    return "process CPU time and bytes allocated (all threads) per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    allocStart = threads.getTotalThreadAllocatedBytes();
    cpuStart = os.getProcessCpuTime();
    jitStart = jitCpu();
    wallStart = System.nanoTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    long wall = System.nanoTime() - wallStart;
    long cpu = os.getProcessCpuTime() - cpuStart;
    long alloc = threads.getTotalThreadAllocatedBytes() - allocStart;
    long jit = jitCpu() - jitStart;
    double ops = Math.max(1, result.getMetadata().getAllOps());
    return List.of(
        new ScalarResult("cpu.norm", cpu / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.nojit.norm", (cpu - jit) / ops, "ns/op", AggregationPolicy.AVG),
        new ScalarResult("alloc.norm", alloc / ops, "B/op", AggregationPolicy.AVG),
        new ScalarResult("cpu.cores", (double) cpu / wall, "cores", AggregationPolicy.AVG));
  }

  /** CPU time of the live JIT compiler threads (ns), from /proc; 0 where that is not readable. */
  private static long jitCpu() {
    long sum = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            sum += Long.parseLong(Files.readString(task.resolve("schedstat")).split(" ")[0]);
          }
        } catch (IOException | RuntimeException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException | RuntimeException notLinux) {
      return 0;
    }
    return sum;
  }
}
