package dev.processors.benchmarks.core;

import dev.processors.core.PartProcessor;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import reactor.core.publisher.Flux;

/**
 * Per part through a chain of 1, 4 or 16 stages on one thread: our fused {@link PartProcessor}
 * chain, a hand-written loop applying the same functions, and Reactor {@code map} operators. Score:
 * ns per part (divide by the stage count for ns per part per stage).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class FusedChainBenchmark {
  static final int PARTS = 4096;

  @Param({"1", "4", "16"})
  int stages;

  List<ProcessorPart> parts;
  Processor fused;
  UnaryOperator<ProcessorPart>[] functions;
  Flux<ProcessorPart> flux;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    parts = Stages.parts(PARTS);
    List<UnaryOperator<ProcessorPart>> fs = Stages.functions(stages);
    functions = fs.toArray(UnaryOperator[]::new);
    PartProcessor chain = Stages.partProcessor(fs.get(0));
    for (int i = 1; i < stages; i++) {
      chain = chain.andThen(Stages.partProcessor(fs.get(i)));
    }
    fused = chain.asProcessor();
    Flux<ProcessorPart> f = Flux.fromIterable(parts);
    for (UnaryOperator<ProcessorPart> fn : fs) {
      f = f.map(fn);
    }
    flux = f;
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void fusedChain(Blackhole bh) throws Exception {
    fused.process(PartStream.of(parts), bh::consume);
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void handWrittenLoop(Blackhole bh) {
    UnaryOperator<ProcessorPart>[] fs = functions;
    for (ProcessorPart p : parts) {
      for (UnaryOperator<ProcessorPart> f : fs) {
        p = f.apply(p);
      }
      bh.consume(p);
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void reactorMap(Blackhole bh) {
    flux.subscribe(bh::consume);
  }
}
