package dev.processors.benchmarks.models.stream;

import dev.processors.core.RunOptions;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per delta, paced: 200 deltas, one every 2 ms (a fast model); the figure that matters is CPU per
 * delta ({@link CpuAllocProfiler}); see {@link StreamContenders}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@OperationsPerInvocation(StreamPaced2msBenchmark.DELTAS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 4, time = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class StreamPaced2msBenchmark extends StreamContenders {
  static final int DELTAS = 200;

  @Override
  int deltas() {
    return DELTAS;
  }

  @Override
  int paceMicros() {
    return 2000;
  }

  /** No client at all: the JVM's own CPU while an answer would stream (the floor). */
  @Benchmark
  public int idle() throws InterruptedException {
    Thread.sleep((long) DELTAS * paceMicros() / 1000);
    return DELTAS;
  }

  // Attribution of the in-run cost: each moves one piece of chat_modelRun onto chat_sdk.

  /** The raw SDK loop on a virtual thread: what virtual-thread socket reads cost. */
  @Benchmark
  public int chat_sdkOnVirtualThread() throws Exception {
    return expect(onVirtualThread(this::chatSdk));
  }

  /** {@code process} called directly on a virtual thread: the adapter without a channel. */
  @Benchmark
  public int chat_modelOnVirtualThread() throws Exception {
    return expect(onVirtualThread(() -> direct(c.chatModel)));
  }

  /** The run iterated by a virtual thread: the channel hand-off between two virtual threads. */
  @Benchmark
  public int chat_modelRunOnVirtualThread() throws Exception {
    return expect(onVirtualThread(() -> inRun(c.chatModel)));
  }

  /**
   * The lean run on platform threads ({@code RunOptions.withThreadFactory}): a user's opt-out of
   * virtual-thread socket reads for a few fast streams.
   */
  @Benchmark
  public int chat_leanRunOnPlatformThreads() {
    return expect(inRun(c.chatLean, ON_PLATFORM_THREADS));
  }

  private static final RunOptions ON_PLATFORM_THREADS =
      RunOptions.defaults().withThreadFactory(Thread.ofPlatform().name("run-", 0).factory());

  static int onVirtualThread(java.util.concurrent.Callable<Integer> task) throws Exception {
    java.util.concurrent.FutureTask<Integer> f = new java.util.concurrent.FutureTask<>(task);
    Thread.ofVirtual().name("bench-consumer").start(f);
    return f.get();
  }
}
