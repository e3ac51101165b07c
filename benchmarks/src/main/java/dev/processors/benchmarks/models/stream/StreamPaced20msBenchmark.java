package dev.processors.benchmarks.models.stream;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per delta, paced: 50 deltas, one every 20 ms (a typical model); the figure that matters is CPU
 * per delta ({@link CpuAllocProfiler}); see {@link StreamContenders}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(StreamPaced20msBenchmark.DELTAS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StreamPaced20msBenchmark extends StreamContenders {
  static final int DELTAS = 50;

  @Override
  int deltas() {
    return DELTAS;
  }

  @Override
  int paceMicros() {
    return 20000;
  }

  /** No client at all: the JVM's own CPU while an answer would stream (the floor). */
  @Benchmark
  public int idle() throws InterruptedException {
    Thread.sleep((long) DELTAS * paceMicros() / 1000);
    return DELTAS;
  }
}
