package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Scan;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Exact results of every library accumulator on one known series. */
class BuiltinAccumulatorTest {
  /** Prices and volumes, one value per second. */
  private static final double[] PRICES = {30, 10, 50, 20, 40};

  private static final double[] VOLUMES = {1, 2, 3, 4, 5};

  private final VirtualClock clock = Clock.virtual();

  private List<Double> results(BuiltinSpec builtin) {
    OperatorSpec spec =
        new OperatorSpec(
            OperatorSpec.Kind.ACCUMULATE,
            builtin.name().wire(),
            "test",
            List.of(),
            Optional.empty(),
            Optional.of(builtin),
            List.of(),
            List.of(),
            Optional.empty());
    Operator operator = OperatorCompiler.builder().clock(clock).build().compile(spec);
    @SuppressWarnings("unchecked")
    Scan<Object> scan = (Scan<Object>) operator.scan();
    Object state = scan.initial();
    List<Double> out = new ArrayList<>();
    for (int i = 0; i < PRICES.length; i++) {
      ProcessorPart tick =
          ProcessorPart.jsonOf(
              Map.of("symbol", "XYZ", "seq", i, "price", PRICES[i], "volume", VOLUMES[i]));
      try {
        state = scan.update(state, tick);
        Content.Json json = (Content.Json) scan.summary(state, tick).orElseThrow().content();
        out.add(json.node().get("result").asDouble());
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      clock.advance(Duration.ofSeconds(1));
    }
    return out;
  }

  private static BuiltinSpec of(BuiltinSpec.Builtin name) {
    return BuiltinSpec.of(name, "price");
  }

  private static BuiltinSpec lastTwo(BuiltinSpec.Builtin name) {
    return new BuiltinSpec(
        name, "price", Optional.empty(), Optional.empty(), Optional.of(2), Optional.empty());
  }

  private static BuiltinSpec lastSeconds(BuiltinSpec.Builtin name, double seconds) {
    return new BuiltinSpec(
        name, "price", Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(seconds));
  }

  @Test
  void runningAccumulators() {
    assertThat(results(of(BuiltinSpec.Builtin.AVERAGE)))
        .containsExactly(30.0, 20.0, 30.0, 27.5, 30.0);
    assertThat(results(of(BuiltinSpec.Builtin.MIN))).containsExactly(30.0, 10.0, 10.0, 10.0, 10.0);
    assertThat(results(of(BuiltinSpec.Builtin.MAX))).containsExactly(30.0, 30.0, 50.0, 50.0, 50.0);
    assertThat(results(of(BuiltinSpec.Builtin.SUM)))
        .containsExactly(30.0, 40.0, 90.0, 110.0, 150.0);
    assertThat(results(of(BuiltinSpec.Builtin.COUNT))).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
  }

  @Test
  void ewmaIsSeededWithTheFirstValue() {
    BuiltinSpec ewma =
        new BuiltinSpec(
            BuiltinSpec.Builtin.EWMA,
            "price",
            Optional.empty(),
            Optional.of(0.5),
            Optional.empty(),
            Optional.empty());
    // 30; 0.5*10 + 0.5*30 = 20; 0.5*50 + 0.5*20 = 35; 27.5; 33.75
    assertThat(results(ewma)).containsExactly(30.0, 20.0, 35.0, 27.5, 33.75);
  }

  @Test
  void vwapWeighsPricesByVolume() {
    BuiltinSpec vwap =
        new BuiltinSpec(
            BuiltinSpec.Builtin.VWAP,
            "price",
            Optional.of("volume"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    // sum(p*v) / sum(v): 30/1, 50/3, 200/6, 280/10, 480/15
    assertThat(results(vwap)).containsExactly(30.0, 50.0 / 3, 200.0 / 6, 28.0, 32.0);
  }

  @Test
  void windowsOfTheLastNValues() {
    assertThat(results(lastTwo(BuiltinSpec.Builtin.AVERAGE)))
        .containsExactly(30.0, 20.0, 30.0, 35.0, 30.0);
    assertThat(results(lastTwo(BuiltinSpec.Builtin.MIN)))
        .containsExactly(30.0, 10.0, 10.0, 20.0, 20.0);
    assertThat(results(lastTwo(BuiltinSpec.Builtin.MAX)))
        .containsExactly(30.0, 30.0, 50.0, 50.0, 40.0);
    assertThat(results(lastTwo(BuiltinSpec.Builtin.SUM)))
        .containsExactly(30.0, 40.0, 60.0, 70.0, 60.0);
    assertThat(results(lastTwo(BuiltinSpec.Builtin.COUNT)))
        .containsExactly(1.0, 2.0, 2.0, 2.0, 2.0);
  }

  @Test
  void windowsOfTheLastSecondsOnTheVirtualClock() {
    // values at t = 0, 1, 2, 3, 4 s; a 2.5 s window keeps the values younger than 2.5 s
    assertThat(results(lastSeconds(BuiltinSpec.Builtin.SUM, 2.5)))
        .containsExactly(30.0, 40.0, 90.0, 80.0, 110.0);
    assertThat(results(lastSeconds(BuiltinSpec.Builtin.COUNT, 2.5)))
        .containsExactly(1.0, 2.0, 3.0, 3.0, 3.0);
    assertThat(results(lastSeconds(BuiltinSpec.Builtin.MAX, 1.0)))
        .containsExactly(30.0, 10.0, 50.0, 20.0, 40.0);
    assertThat(results(lastSeconds(BuiltinSpec.Builtin.AVERAGE, 2.0)))
        .containsExactly(30.0, 20.0, 30.0, 35.0, 30.0);
  }
}
