package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Scan;
import dev.processors.core.VirtualClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Builtin accumulators at their edges, and the bounds of the limits and builders. */
class BuiltinEdgesTest {
  private final VirtualClock clock = Clock.virtual();

  /** Volume first, so the weight field is the schema's field 0. */
  private static ValueSchema volumeFirst() {
    Map<String, ValueType> f = new LinkedHashMap<>();
    f.put("volume", ValueType.DOUBLE);
    f.put("price", ValueType.DOUBLE);
    return ValueSchema.of(f);
  }

  private static BuiltinSpec builtin(
      BuiltinSpec.Builtin name,
      Optional<String> weight,
      Optional<Integer> count,
      Optional<Double> seconds) {
    return new BuiltinSpec(name, "price", weight, Optional.empty(), count, seconds);
  }

  /**
   * The summaries (or error messages) of the builtin over {price, volume} pairs, one per second.
   */
  private List<Object> run(ValueSchema schema, BuiltinSpec b, double[][] values, Duration step) {
    OperatorSpec spec =
        new OperatorSpec(
            OperatorSpec.Kind.ACCUMULATE,
            "edge",
            "test",
            List.of(),
            Optional.empty(),
            Optional.of(b),
            List.of(),
            List.of(),
            Optional.empty());
    Operator operator =
        OperatorCompiler.builder()
            .values(schema)
            .samples(List.of(ProcessorPart.jsonOf(Map.of("price", 1.0, "volume", 1.0))))
            .clock(clock)
            .build()
            .compile(spec);
    @SuppressWarnings("unchecked")
    Scan<Object> scan = (Scan<Object>) operator.scan();
    Object state = scan.initial();
    List<Object> out = new ArrayList<>();
    for (double[] v : values) {
      ProcessorPart part = ProcessorPart.jsonOf(Map.of("price", v[0], "volume", v[1]));
      try {
        state = scan.update(state, part);
        out.add(((Content.Json) scan.summary(state, part).orElseThrow().content()).node());
      } catch (Exception e) {
        out.add(e.getMessage());
      }
      clock.advance(step);
    }
    return out;
  }

  private static double result(Object summary) {
    return ((JsonNode) summary).get("result").asDouble();
  }

  @Test
  void vwapReadsItsWeightFieldWhereverItIsInTheSchemaAndRejectsNegativeWeights() {
    List<Object> out =
        run(
            volumeFirst(),
            builtin(
                BuiltinSpec.Builtin.VWAP,
                Optional.of("volume"),
                Optional.empty(),
                Optional.empty()),
            new double[][] {{10, 1}, {20, 3}, {99, 0}, {5, -1}},
            Duration.ofSeconds(1));
    assertThat(result(out.get(0))).isEqualTo(10.0);
    assertThat(result(out.get(1))).isEqualTo(17.5);
    assertThat(result(out.get(2))).isEqualTo(17.5); // a zero weight counts for nothing
    assertThat(out.get(3)).isEqualTo("volume is negative: -1.0");
    assertThat(((JsonNode) out.get(2)).get("state").toString())
        .isEqualTo("{\"count\":3,\"price_volume\":70.0,\"volume\":4.0}");
  }

  @Test
  void aWindowedVwapWeighsOnlyTheValuesInItsWindow() {
    List<Object> out =
        run(
            volumeFirst(),
            builtin(
                BuiltinSpec.Builtin.VWAP, Optional.of("volume"), Optional.of(2), Optional.empty()),
            new double[][] {{10, 1}, {20, 3}, {30, 1}},
            Duration.ofSeconds(1));
    assertThat(out).extracting(BuiltinEdgesTest::result).containsExactly(10.0, 17.5, 22.5);
  }

  @Test
  void theStateOfEachBuiltinIsReportedWithItsSummary() {
    List<Object> avg =
        run(
            volumeFirst(),
            builtin(
                BuiltinSpec.Builtin.AVERAGE, Optional.empty(), Optional.empty(), Optional.empty()),
            new double[][] {{10, 1}, {20, 1}},
            Duration.ofSeconds(1));
    assertThat(((JsonNode) avg.get(1)).get("state").toString())
        .isEqualTo("{\"count\":2,\"sum\":30.0}");
    List<Object> max =
        run(
            volumeFirst(),
            builtin(BuiltinSpec.Builtin.MAX, Optional.empty(), Optional.empty(), Optional.empty()),
            new double[][] {{10, 1}, {20, 1}},
            Duration.ofSeconds(1));
    assertThat(((JsonNode) max.get(1)).get("state").toString())
        .isEqualTo("{\"count\":2,\"max\":20.0}");
  }

  @Test
  void aRunningAccumulatorHasNoWindowLimit() {
    double[][] values = new double[10_001][];
    for (int i = 0; i < values.length; i++) {
      values[i] = new double[] {1, 1};
    }
    List<Object> out =
        run(
            volumeFirst(),
            builtin(BuiltinSpec.Builtin.SUM, Optional.empty(), Optional.empty(), Optional.empty()),
            values,
            Duration.ZERO);
    assertThat(result(out.get(10_000))).isEqualTo(10_001.0);
  }

  @Test
  void aTimeWindowHoldsAtMostTenThousandValues() {
    double[][] values = new double[10_001][];
    for (int i = 0; i < values.length; i++) {
      values[i] = new double[] {1, 1};
    }
    List<Object> out =
        run(
            volumeFirst(),
            builtin(
                BuiltinSpec.Builtin.COUNT, Optional.empty(), Optional.empty(), Optional.of(60.0)),
            values,
            Duration.ZERO);
    assertThat(result(out.get(9_999))).isEqualTo(10_000.0);
    assertThat(out.get(10_000))
        .isEqualTo("the time window holds more than 10000 values; shorten windowSeconds");
  }

  @Test
  void everyLimitMustBePositiveAndTheDryRunLongerThanTheStateBound() {
    assertThat(new OperatorLimits(1, 1, 1, 1, 1, Duration.ofNanos(1), 2).dryRunValues())
        .isEqualTo(2);
    for (int i = 0; i < 5; i++) {
      int[] v = {1, 1, 1, 1, 1};
      v[i] = 0;
      assertThatThrownBy(
              () -> new OperatorLimits(v[0], v[1], v[2], v[3], v[4], Duration.ofNanos(1), 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("every operator limit must be positive");
    }
    assertThatThrownBy(() -> new OperatorLimits(1, 1, 1, 1, 1, Duration.ZERO, 2))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OperatorLimits(1, 1, 2, 1, 1, Duration.ofNanos(1), 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "dryRunValues (2) must exceed maxStateElements (2) so that unbounded state is caught");
  }

  @Test
  void aDownlinkBuilderChecksItsSettings() {
    WarpDownlink.Builder b = WarpDownlink.builder();
    assertThat(b.capacity(1)).isSameAs(b);
    assertThat(b.reconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(1))).isSameAs(b);
    assertThatThrownBy(() -> b.capacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be positive, got 0");
    assertThatThrownBy(() -> b.reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> WarpDownlink.builder().uri(URI.create("http://localhost:1")).node("/n").open())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a WARP URI is ws:// or wss://");
  }
}
