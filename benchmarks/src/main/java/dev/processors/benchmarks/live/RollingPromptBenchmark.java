package dev.processors.benchmarks.live;

import dev.processors.core.ProcessorPart;
import dev.processors.live.RollingPrompt;
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

/**
 * Cost per part of {@link RollingPrompt#add}: without compression (budgets never reached), and with
 * the extractive compression a small budget forces every few parts (amortised).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RollingPromptBenchmark {
  RollingPrompt roomy;
  RollingPrompt tight;
  ProcessorPart part = ProcessorPart.text("a typical sentence of a conversation, about ten words");
  long n;

  @Setup
  public void setUp() {
    roomy = RollingPrompt.builder().maxParts(Integer.MAX_VALUE).maxTokens(Long.MAX_VALUE).build();
    tight = RollingPrompt.builder().maxParts(100).build();
  }

  @Benchmark
  public void addWithoutCompression() {
    if (++n % 1_000_000 == 0) {
      roomy.clear();
    }
    roomy.add(part);
  }

  @Benchmark
  public void addWithCompression() {
    tight.add(part);
  }
}
