package dev.processors.benchmarks.core;

import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The core issue's workload: 1,000 parts through three part processors that each wait 10 ms per
 * part (a model or tool call), written the way a user ports {@code a + b + c} from
 * genai-processors. The ideal is 30 ms (each part needs 3 × 10 ms; all parts can wait at once).
 * Score: ms per run of the 1,000 parts. {@code benchmarks/python/natural_chain.py} runs the same
 * workload on genai-processors for the side-by-side figure.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class NaturalChainBenchmark {
  static final int PARTS = 1_000;

  List<ProcessorPart> parts;
  Processor natural;
  Processor explicit;

  static PartProcessor waitTenMillis() {
    return (part, out) -> {
      Thread.sleep(10);
      out.emit(part);
    };
  }

  @Setup
  public void setUp() {
    parts = Stages.parts(PARTS);
    PartProcessor a = waitTenMillis();
    PartProcessor b = waitTenMillis();
    PartProcessor c = waitTenMillis();
    natural = a.andThen(b).andThen(c);
    explicit = Processor.chain(a.concurrent(PARTS), b.concurrent(PARTS), c.concurrent(PARTS));
  }

  /** {@code a.andThen(b).andThen(c)}: what a user writes; run-ahead does the rest. */
  @Benchmark
  public void naturalChain(Blackhole bh) {
    drain(natural, bh);
  }

  /** Every stage given an explicit bound of 1,000 parts in flight: the hand-tuned reference. */
  @Benchmark
  public void explicitConcurrent(Blackhole bh) {
    drain(explicit, bh);
  }

  private void drain(Processor pipeline, Blackhole bh) {
    int n = 0;
    try (ProcessorRun run = pipeline.start(parts)) {
      for (ProcessorPart p : run) {
        bh.consume(p);
        n++;
      }
    }
    if (n != PARTS) {
      throw new IllegalStateException("expected " + PARTS + " parts, got " + n);
    }
  }
}
