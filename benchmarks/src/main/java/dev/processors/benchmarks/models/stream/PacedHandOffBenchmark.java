package dev.processors.benchmarks.models.stream;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.util.List;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What handing one part from a stage to the run's consumer costs in CPU when parts arrive slowly,
 * without any HTTP: a stage that waits 2 ms (as for the next model event) then emits a part, run as
 * users run it, against the same waits with no run at all. With {@link CpuAllocProfiler} and {@link
 * ThreadCpuProfiler} this isolates the channel's wait policy (the consumer's yield, linger and
 * park, the producer's unpark) from the socket reads measured in {@link StreamPaced2msBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(PacedHandOffBenchmark.PARTS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class PacedHandOffBenchmark {
  static final int PARTS = 200;
  static final long PACE_NANOS = 2_000_000;
  static final List<ProcessorPart> INPUT = List.of(ProcessorPart.text("go"));
  static final ProcessorPart PART = ProcessorPart.text("delta");

  /** A stage that emits {@value #PARTS} parts, one every 2 ms on a drift-free schedule. */
  static final Processor PACED =
      (in, out) -> {
        in.toList();
        long start = System.nanoTime();
        for (int i = 1; i <= PARTS; i++) {
          waitUntil(start + i * PACE_NANOS);
          out.emit(PART);
        }
      };

  static void waitUntil(long due) {
    for (long left = due - System.nanoTime(); left > 0; left = due - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }

  static int waitsOnly() {
    long start = System.nanoTime();
    for (int i = 1; i <= PARTS; i++) {
      waitUntil(start + i * PACE_NANOS);
    }
    return PARTS;
  }

  static int consumeRun() {
    int n = 0;
    try (ProcessorRun run = PACED.start(INPUT)) {
      for (ProcessorPart p : run) {
        n++;
      }
    }
    if (n != PARTS) {
      throw new IllegalStateException("expected " + PARTS + " parts, got " + n);
    }
    return n;
  }

  static int onVirtualThread(java.util.concurrent.Callable<Integer> task) throws Exception {
    FutureTask<Integer> f = new FutureTask<>(task);
    Thread.ofVirtual().name("bench-consumer").start(f);
    return f.get();
  }

  /** The waits on the benchmark's platform thread: no run, no virtual thread. */
  @Benchmark
  public int waitsOnPlatformThread() {
    return waitsOnly();
  }

  /** The waits on a virtual thread (timer, unpark, carrier wake-up): no run. */
  @Benchmark
  public int waitsOnVirtualThread() throws Exception {
    return onVirtualThread(PacedHandOffBenchmark::waitsOnly);
  }

  /** The paced stage as a run, iterated by the benchmark's platform thread. */
  @Benchmark
  public int runConsumedByPlatformThread() {
    return consumeRun();
  }

  /** The paced stage as a run, iterated by a virtual thread. */
  @Benchmark
  public int runConsumedByVirtualThread() throws Exception {
    return onVirtualThread(PacedHandOffBenchmark::consumeRun);
  }
}
