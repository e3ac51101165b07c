package dev.processors.benchmarks.operators;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Scan;
import dev.processors.operators.OperatorCompiler;
import java.util.Map;
import java.util.Optional;
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
 * Nanoseconds per value for one running average, written three ways and driven through the same
 * {@link Scan} contract: the CEL accumulator a model would write (state {@code sum}, {@code count},
 * two updates and a summary, each value under the step and time budget and the result checks), the
 * built-in {@code average}, and the same logic as a Java lambda. Each step reads the price out of
 * the value's JSON part, updates the state and computes the summary value; {@code
 * ...WithOutputPart} also builds the JSON summary part the stage emits.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class OperatorBenchmark {
  static final int VALUES = 1024;

  static final String CEL_AVERAGE =
      """
      {"kind":"accumulate","name":"average_price","description":"running average","params":[],
       "state":[{"name":"sum","type":"double","initial":"0.0"},
                {"name":"count","type":"int","initial":"0"}],
       "update":[{"field":"sum","expression":"acc.sum + value.price"},
                 {"field":"count","expression":"acc.count + 1"}],
       "summary":"acc.sum / double(acc.count)"}
      """;

  static final String BUILTIN_AVERAGE =
      """
      {"kind":"accumulate","name":"average_price","description":"running average","params":[],
       "state":[],"update":[],"builtin":{"name":"average","field":"price"}}
      """;

  /** The lambda's state: the same two fields and the last summary. */
  record Mean(double sum, long count, double average) {}

  ProcessorPart[] values;
  Scan<Object> cel;
  Scan<Object> builtin;
  Scan<Mean> lambda;
  Object celState;
  Object builtinState;
  Mean lambdaState;
  int next;

  @Setup
  @SuppressWarnings("unchecked")
  public void setUp() {
    values = new ProcessorPart[VALUES];
    for (int i = 0; i < VALUES; i++) {
      values[i] =
          ProcessorPart.jsonOf(
              Map.of("symbol", "XYZ", "seq", i, "price", 100 + (i % 17) * 0.25, "volume", 100.0));
    }
    OperatorCompiler compiler = OperatorCompiler.builder().build();
    cel = (Scan<Object>) compiler.compile(CEL_AVERAGE).scan();
    builtin = (Scan<Object>) compiler.compile(BUILTIN_AVERAGE).scan();
    lambda =
        Scan.of(
            "average_price",
            new Mean(0, 0, 0),
            (acc, part) -> {
              double price = ((Content.Json) part.content()).node().get("price").asDouble();
              double sum = acc.sum() + price;
              long count = acc.count() + 1;
              return new Mean(sum, count, sum / count);
            },
            (acc, part) -> Optional.of(ProcessorPart.jsonOf(Map.of("result", acc.average()))));
    celState = cel.initial();
    builtinState = builtin.initial();
    lambdaState = lambda.initial();
  }

  private ProcessorPart nextValue() {
    ProcessorPart p = values[next];
    next = (next + 1) & (VALUES - 1);
    return p;
  }

  @Benchmark
  public Object celAccumulator() throws Exception {
    celState = cel.update(celState, nextValue());
    return celState;
  }

  @Benchmark
  public Object builtinAccumulator() throws Exception {
    builtinState = builtin.update(builtinState, nextValue());
    return builtinState;
  }

  @Benchmark
  public Object javaLambda() throws Exception {
    lambdaState = lambda.update(lambdaState, nextValue());
    return lambdaState;
  }

  @Benchmark
  public Object celAccumulatorWithOutputPart() throws Exception {
    ProcessorPart value = nextValue();
    celState = cel.update(celState, value);
    return cel.summary(celState, value);
  }

  @Benchmark
  public Object javaLambdaWithOutputPart() throws Exception {
    ProcessorPart value = nextValue();
    lambdaState = lambda.update(lambdaState, value);
    return lambda.summary(lambdaState, value);
  }
}
