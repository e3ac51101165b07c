package dev.processors.benchmarks.core;

import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The latency of one part crossing 4 idle hops (input queue → 3 relay stages → consumer): every
 * stage is parked when the part arrives, so batching must not hold it back. SampleTime mode gives
 * the percentiles (target p99 ≤ 50 µs).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LonePartLatencyBenchmark {
  PartQueue input;
  ProcessorRun run;
  Iterator<ProcessorPart> output;
  final ProcessorPart ping = ProcessorPart.text("ping");

  @Setup(Level.Trial)
  public void setUp() {
    Processor relay =
        (in, out) -> {
          while (in.hasNext()) {
            out.emit(in.next());
          }
        };
    input = PartQueue.create(16);
    run = Processor.chain(relay, relay, relay).start(input);
    output = run.iterator();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    input.close();
    run.close();
  }

  /** Outside the measured time: let every stage park, as in a live pipeline between events. */
  @Setup(Level.Invocation)
  public void idle() throws InterruptedException {
    Thread.sleep(0, 300_000);
  }

  @Benchmark
  public ProcessorPart fourIdleHops() {
    input.put(ping);
    return output.next();
  }
}
