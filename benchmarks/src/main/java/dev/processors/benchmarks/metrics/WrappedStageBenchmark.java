package dev.processors.benchmarks.metrics;

import dev.processors.core.PartProcessor;
import dev.processors.core.PartSink;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.metrics.RealTimeMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Cost per part of measuring a stage: a pass-through part processor called directly, bare, wrapped
 * by {@link RealTimeMetrics#wrap} (exclusive processing time, time to first output, parts in and
 * out, throughput window: four clock reads) and wrapped by hand with a Micrometer {@link Timer}
 * (inclusive time only: two clock reads). Then the same in a real run: a fused chain of four stages
 * over {@value #PARTS} parts, bare and with each stage wrapped; the score is per part.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WrappedStageBenchmark {
  static final int PARTS = 4096;

  PartProcessor bare;
  PartProcessor ours;
  PartProcessor micrometer;
  PartProcessor bareChain;
  PartProcessor oursChain;
  ProcessorPart part;
  List<ProcessorPart> parts;
  PartSink sink;

  @Setup
  public void setUp(Blackhole bh) {
    bare = (p, out) -> out.emit(p);
    RealTimeMetrics metrics = RealTimeMetrics.create();
    ours = metrics.wrap("bench", bare);
    Timer timer = Timer.builder("bench").register(new SimpleMeterRegistry());
    micrometer =
        (p, out) -> {
          long start = System.nanoTime();
          bare.process(p, out);
          timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        };
    bareChain = bare.andThen(bare).andThen(bare).andThen(bare);
    oursChain =
        metrics
            .wrap("a", bare)
            .andThen(metrics.wrap("b", bare))
            .andThen(metrics.wrap("c", bare))
            .andThen(metrics.wrap("d", bare));
    part = ProcessorPart.text("benchmark");
    parts = new ArrayList<>();
    for (int i = 0; i < PARTS; i++) {
      parts.add(ProcessorPart.text("part " + i));
    }
    sink = bh::consume;
  }

  /** What one clock read costs here: the wrapper makes four per part, the Micrometer one two. */
  @Benchmark
  public long clockRead() {
    return System.nanoTime();
  }

  @Benchmark
  public void bareStage() throws Exception {
    bare.process(part, sink);
  }

  @Benchmark
  public void wrappedStage() throws Exception {
    ours.process(part, sink);
  }

  @Benchmark
  public void micrometerTimedStage() throws Exception {
    micrometer.process(part, sink);
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void bareChainOfFourInARun(Blackhole bh) {
    run(bareChain, bh);
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void wrappedChainOfFourInARun(Blackhole bh) {
    run(oursChain, bh);
  }

  private void run(PartProcessor chain, Blackhole bh) {
    try (ProcessorRun run = chain.start(parts)) {
      for (ProcessorPart p : run) {
        bh.consume(p);
      }
    }
  }
}
