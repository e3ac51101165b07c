package dev.processors.benchmarks.core;

import com.softwaremill.jox.Channel;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
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

/**
 * Per part through 1, 4 or 16 stage hops (a virtual thread and a bounded channel each), end to end
 * including thread start and join: our pipeline at its default settings (capacity 256), and chains
 * of {@code ArrayBlockingQueue} and Jox {@code Channel.newBufferedChannel} at capacity 16 and at
 * our capacity, 256 (the fair comparison). The source is a virtual thread, the sink the (platform)
 * benchmark thread, as in the hop study.
 *
 * <p>The two baselines are written out in full, each against its own API, rather than behind a
 * shared adapter: an adapter would add a megamorphic call per element to them and flatter us.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 2,
    jvmArgs = {"-Xms2g", "-Xmx2g"})
public class HopBenchmark {
  static final int PARTS = 200_000;
  static final ProcessorPart END = ProcessorPart.text("end");

  @Param({"1", "4", "16"})
  int hops;

  List<ProcessorPart> parts;
  Processor pipeline;

  @Setup
  public void setUp() {
    parts = Stages.parts(PARTS);
    Processor relay =
        (in, out) -> {
          while (in.hasNext()) {
            out.emit(in.next());
          }
        };
    List<Processor> stages = new ArrayList<>();
    for (int i = 0; i < hops; i++) {
      stages.add(relay);
    }
    pipeline = Processor.chain(stages);
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void processors(Blackhole bh) {
    try (ProcessorRun run = pipeline.start(parts)) {
      for (ProcessorPart p : run) {
        bh.consume(p);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void arrayBlockingQueue16(Blackhole bh) throws InterruptedException {
    arrayBlockingQueues(bh, 16);
  }

  /** The same capacity as ours (256): the fair comparison. */
  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void arrayBlockingQueue256(Blackhole bh) throws InterruptedException {
    arrayBlockingQueues(bh, 256);
  }

  private void arrayBlockingQueues(Blackhole bh, int capacity) throws InterruptedException {
    List<ArrayBlockingQueue<ProcessorPart>> queues = new ArrayList<>();
    for (int i = 0; i < hops; i++) {
      queues.add(new ArrayBlockingQueue<>(capacity));
    }
    List<Thread> threads = new ArrayList<>();
    threads.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (ProcessorPart p : parts) {
                      queues.get(0).put(p);
                    }
                    queues.get(0).put(END);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    for (int i = 0; i < hops - 1; i++) {
      ArrayBlockingQueue<ProcessorPart> in = queues.get(i);
      ArrayBlockingQueue<ProcessorPart> out = queues.get(i + 1);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      ProcessorPart p;
                      do {
                        p = in.take();
                        out.put(p);
                      } while (p != END);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    ArrayBlockingQueue<ProcessorPart> last = queues.get(hops - 1);
    for (ProcessorPart p = last.take(); p != END; p = last.take()) {
      bh.consume(p);
    }
    for (Thread t : threads) {
      t.join();
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void jox16(Blackhole bh) throws InterruptedException {
    joxChannels(bh, 16);
  }

  /** The same capacity as ours (256): the fair comparison. */
  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void jox256(Blackhole bh) throws InterruptedException {
    joxChannels(bh, 256);
  }

  private void joxChannels(Blackhole bh, int capacity) throws InterruptedException {
    List<Channel<ProcessorPart>> channels = new ArrayList<>();
    for (int i = 0; i < hops; i++) {
      channels.add(Channel.newBufferedChannel(capacity));
    }
    List<Thread> threads = new ArrayList<>();
    threads.add(
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (ProcessorPart p : parts) {
                      channels.get(0).send(p);
                    }
                    channels.get(0).send(END);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }));
    for (int i = 0; i < hops - 1; i++) {
      Channel<ProcessorPart> in = channels.get(i);
      Channel<ProcessorPart> out = channels.get(i + 1);
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      ProcessorPart p;
                      do {
                        p = in.receive();
                        out.send(p);
                      } while (p != END);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    Channel<ProcessorPart> last = channels.get(hops - 1);
    for (ProcessorPart p = last.receive(); p != END; p = last.receive()) {
      bh.consume(p);
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
