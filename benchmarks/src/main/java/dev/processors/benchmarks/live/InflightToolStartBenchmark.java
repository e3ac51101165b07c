package dev.processors.benchmarks.live;

import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.live.InflightIntents;
import java.util.concurrent.SynchronousQueue;
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
 * Time from the delta that completes an intent's phrase entering the stream to the tool starting to
 * run (the tool hands over a token as its first action).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class InflightToolStartBenchmark {
  final SynchronousQueue<Long> started = new SynchronousQueue<>();
  PartQueue input;
  ProcessorRun run;
  Thread drain;
  final ProcessorPart first =
      ProcessorPart.text("Sure, I will sched").withRole(ProcessorPart.MODEL);
  final ProcessorPart completing =
      ProcessorPart.text("ule a meeting for you").withRole(ProcessorPart.MODEL);

  @Setup(Level.Trial)
  public void setUp() {
    InflightIntents intents =
        InflightIntents.builder()
            .keyword(
                "schedule_meeting",
                "schedule a meeting",
                m -> {
                  started.put(System.nanoTime());
                  return "ok";
                })
            .build();
    input = PartQueue.create();
    run = intents.start(input);
    drain = Thread.ofVirtual().start(() -> run.forEach(p -> {}));
  }

  @Setup(Level.Invocation)
  public void newTurn() {
    input.put(ProcessorPart.endOfTurn());
    input.put(first);
  }

  @Benchmark
  public long deltaToToolStart() throws InterruptedException {
    input.put(completing);
    return started.take();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws InterruptedException {
    input.close();
    drain.join();
    run.close();
  }
}
