package dev.processors.benchmarks.live;

import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.live.LiveModelProcessor;
import dev.processors.live.TriggerMode;
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
 * Wall-clock barge-in latency: a live agent is streaming an endless answer into a full output (the
 * consumer has stopped reading, as a speaker buffer would be); the measured time runs from putting
 * {@code start_of_speech} on the input to the consumer receiving {@code interrupted}, which by then
 * has overtaken and dropped the queued answer and stopped the generation. Target p99 ≤ 5 ms.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BargeInBenchmark {
  PartQueue input;
  ProcessorRun run;
  Iterator<ProcessorPart> output;
  final ProcessorPart speech = ProcessorPart.signal(SignalKind.START_OF_SPEECH);

  /** A model that talks until it is interrupted. */
  static final Processor ENDLESS_MODEL =
      (in, out) -> {
        in.toList();
        ProcessorPart word = ProcessorPart.text("blah ");
        while (true) {
          out.emit(word);
        }
      };

  @Setup(Level.Invocation)
  public void speaking() throws InterruptedException {
    input = PartQueue.create();
    run =
        LiveModelProcessor.builder(ENDLESS_MODEL)
            .trigger(TriggerMode.END_OF_TURN)
            .build()
            .start(input);
    output = run.iterator();
    input.putText("talk to me");
    input.put(ProcessorPart.endOfTurn());
    output.next(); // the answer is streaming
    Thread.sleep(2); // and has filled every buffer in front of the (stalled) consumer
  }

  @TearDown(Level.Invocation)
  public void hangUp() {
    input.close();
    run.close();
  }

  @Benchmark
  public ProcessorPart startOfSpeechToInterrupted() {
    input.put(speech);
    ProcessorPart p;
    do {
      p = output.next();
    } while (!p.isSignal(SignalKind.INTERRUPTED));
    return p;
  }
}
