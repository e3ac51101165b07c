package dev.processors.benchmarks.models.stream;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per delta, burst: the server writes an answer of 10,000 deltas at once; see {@link
 * StreamContenders}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(StreamBurst10kBenchmark.DELTAS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StreamBurst10kBenchmark extends StreamContenders {
  static final int DELTAS = 10000;

  @Override
  int deltas() {
    return DELTAS;
  }

  @Override
  int paceMicros() {
    return 0;
  }
}
