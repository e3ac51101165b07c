package dev.processors.benchmarks.metrics;

import dev.processors.metrics.RealTimeMetrics;
import dev.processors.metrics.StageMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Recorder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of recording one latency sample (target ≤ 15 ns): {@link StageMetrics#recordProcessing} side
 * by side with a Micrometer {@link Timer} (plain, and publishing percentiles as ours always does)
 * and a bare HdrHistogram {@link Recorder} as the floor. Samples vary (1 µs to 100 ms) so the
 * histogram index is really computed; the time is read outside the measured call in every case.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecordSampleBenchmark {

  /** The recorders, shared by every benchmark thread. */
  @State(Scope.Benchmark)
  public static class Recorders {
    StageMetrics stage;
    Timer timer;
    Timer timerWithPercentiles;
    Recorder recorder;

    @Setup
    public void setUp() {
      stage = RealTimeMetrics.create().stage("bench");
      SimpleMeterRegistry registry = new SimpleMeterRegistry();
      timer = Timer.builder("bench.plain").register(registry);
      timerWithPercentiles =
          Timer.builder("bench.percentiles").publishPercentiles(0.5, 0.99).register(registry);
      recorder = new Recorder(2);
    }
  }

  /** Pre-computed sample values, walked in turn by each thread. */
  @State(Scope.Thread)
  public static class Samples {
    final long[] values = new long[1024];
    int next;

    @Setup
    public void setUp() {
      SplittableRandom random = new SplittableRandom(42);
      for (int i = 0; i < values.length; i++) {
        values[i] = (long) Math.pow(10, 3 + random.nextDouble() * 5);
      }
    }

    long next() {
      return values[next++ & 1023];
    }
  }

  @Benchmark
  public void ours(Recorders r, Samples s) {
    r.stage.recordProcessing(s.next());
  }

  @Benchmark
  public void micrometerTimer(Recorders r, Samples s) {
    r.timer.record(s.next(), TimeUnit.NANOSECONDS);
  }

  @Benchmark
  public void micrometerTimerWithPercentiles(Recorders r, Samples s) {
    r.timerWithPercentiles.record(s.next(), TimeUnit.NANOSECONDS);
  }

  @Benchmark
  public void hdrHistogramRecorder(Recorders r, Samples s) {
    r.recorder.recordValue(s.next());
  }

  @Benchmark
  @Threads(2)
  public void oursTwoThreads(Recorders r, Samples s) {
    r.stage.recordProcessing(s.next());
  }

  @Benchmark
  @Threads(2)
  public void micrometerTimerTwoThreads(Recorders r, Samples s) {
    r.timer.record(s.next(), TimeUnit.NANOSECONDS);
  }
}
