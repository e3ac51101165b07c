package dev.processors.benchmarks.live;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.Processors;
import dev.processors.live.EventDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
 * What an {@link EventDetector} adds per part when nothing fires: the same stream through a plain
 * pass-through stage and through a detector stage whose detector sees nothing. Score: ns per part.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventDetectorBenchmark {
  static final int PARTS = 10_000;
  List<ProcessorPart> parts;
  Processor plain;
  Processor detecting;

  @Setup
  public void setUp() {
    parts = new ArrayList<>();
    for (int i = 0; i < PARTS; i++) {
      parts.add(ProcessorPart.text("frame " + i));
    }
    plain = Processors.passThrough().asProcessor();
    detecting = EventDetector.builder().detector("nothing", p -> Optional.empty()).build();
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void passThrough(Blackhole bh) {
    try (ProcessorRun run = plain.start(parts)) {
      run.forEach(bh::consume);
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void detectorThatNeverFires(Blackhole bh) {
    try (ProcessorRun run = detecting.start(parts)) {
      run.forEach(bh::consume);
    }
  }
}
