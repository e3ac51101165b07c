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
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code concurrent(64)} over parts that each wait 1 ms (an I/O-bound call), output in input order.
 * The ideal is 64 parts per millisecond, i.e. 15.6 µs per part; the score is µs per part.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ConcurrentBenchmark {
  static final int PARTS = 2048;
  static final int IN_FLIGHT = 64;

  List<ProcessorPart> parts;
  Processor concurrent;

  @Setup
  public void setUp() {
    parts = Stages.parts(PARTS);
    PartProcessor ioBound =
        (part, out) -> {
          Thread.sleep(1);
          out.emit(part);
        };
    concurrent = ioBound.concurrent(IN_FLIGHT);
  }

  /**
   * The practical ideal on this machine: the same waits on bare virtual threads, 64 at a time,
   * collected in order, with no framework at all (a 1 ms sleep overshoots by tens of µs).
   */
  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void bareVirtualThreads64(Blackhole bh) throws InterruptedException {
    java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(IN_FLIGHT);
    java.util.ArrayDeque<Thread> inFlight = new java.util.ArrayDeque<>();
    for (ProcessorPart p : parts) {
      while (!permits.tryAcquire()) {
        inFlight.poll().join();
      }
      inFlight.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      Thread.sleep(1);
                      bh.consume(p);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    } finally {
                      permits.release();
                    }
                  }));
    }
    for (Thread t : inFlight) {
      t.join();
    }
  }

  @Benchmark
  @OperationsPerInvocation(PARTS)
  public void concurrent64OneMillisecondEach(Blackhole bh) {
    try (ProcessorRun run = concurrent.start(parts)) {
      for (ProcessorPart p : run) {
        bh.consume(p);
      }
    }
  }
}
