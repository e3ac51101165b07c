package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every compile-stage check rejects a bad spec with a problem naming what was wrong. */
class SpecChecksTest {
  private final OperatorCompiler compiler = OperatorCompiler.builder().build();

  private InvalidSpecException rejection(OperatorCompiler c, String answer) {
    Throwable t = catchThrowable(() -> c.compile(answer));
    assertThat(t).isInstanceOf(InvalidSpecException.class);
    return (InvalidSpecException) t;
  }

  private List<String> problems(String answer) {
    InvalidSpecException e = rejection(compiler, answer);
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.COMPILE);
    return e.problems();
  }

  /** The builtin average spec with extra builtin settings, e.g. {@code "alpha":0.5}. */
  private static String builtin(String name, String settings) {
    return Specs.AVERAGE_BUILTIN.replace(
        "{\"name\":\"average\",\"field\":\"price\"}",
        "{\"name\":\"" + name + "\",\"field\":\"price\"" + settings + "}");
  }

  private static ProcessorPart tick(double price) {
    return ProcessorPart.jsonOf(Map.of("symbol", "XYZ", "seq", 1, "price", price, "volume", 1.0));
  }

  private static com.fasterxml.jackson.databind.JsonNode result(Operator op, ProcessorPart part) {
    Object out = OperatorCompilerTest.run(op, List.of(part)).get(0);
    return ((Content.Json) ((ProcessorPart) out).content()).node().get("result");
  }

  @Test
  void ewmaAlphaMustBeInZeroExclusiveToOneInclusive() {
    assertThat(compiler.compile(builtin("ewma", ",\"alpha\":1.0"))).isNotNull();
    assertThat(compiler.compile(builtin("ewma", ",\"alpha\":0.01"))).isNotNull();
    assertThat(problems(builtin("ewma", ",\"alpha\":0.0")))
        .containsExactly("builtin ewma needs alpha in (0, 1], got 0.0");
    assertThat(problems(builtin("ewma", ",\"alpha\":1.5")))
        .containsExactly("builtin ewma needs alpha in (0, 1], got 1.5");
    assertThat(problems(builtin("ewma", "")))
        .containsExactly("builtin ewma needs alpha in (0, 1], got none");
    assertThat(problems(builtin("ewma", ",\"alpha\":0.5,\"windowCount\":3")))
        .containsExactly("builtin ewma takes no window: alpha sets its memory");
  }

  @Test
  void windowCountMustBeBetweenOneAndTheMaximum() {
    assertThat(compiler.compile(builtin("max", ",\"windowCount\":1"))).isNotNull();
    assertThat(compiler.compile(builtin("max", ",\"windowCount\":10000"))).isNotNull();
    assertThat(problems(builtin("max", ",\"windowCount\":0")))
        .containsExactly("builtin.windowCount must be in [1, 10000], got 0");
    assertThat(problems(builtin("max", ",\"windowCount\":10001")))
        .containsExactly("builtin.windowCount must be in [1, 10000], got 10001");
  }

  @Test
  void windowSecondsMustBePositiveAndAtMostADay() {
    assertThat(compiler.compile(builtin("min", ",\"windowSeconds\":86400"))).isNotNull();
    assertThat(compiler.compile(builtin("min", ",\"windowSeconds\":0.5"))).isNotNull();
    assertThat(problems(builtin("min", ",\"windowSeconds\":0")))
        .containsExactly("builtin.windowSeconds must be in (0, 86400], got 0.0");
    assertThat(problems(builtin("min", ",\"windowSeconds\":86400.5")))
        .containsExactly("builtin.windowSeconds must be in (0, 86400], got 86400.5");
    assertThat(problems(builtin("min", ",\"windowSeconds\":5,\"windowCount\":5")))
        .containsExactly("give windowCount or windowSeconds, not both");
  }

  @Test
  void aWeightFieldIsForVwapOnlyAndMustBeANumericValueField() {
    assertThat(problems(builtin("sum", ",\"weightField\":\"volume\"")))
        .containsExactly("builtin.weightField is for vwap only");
    assertThat(problems(builtin("vwap", ",\"weightField\":\"symbol\"")))
        .containsExactly("builtin.weightField: 'symbol' is string, not a number");
    assertThat(problems(builtin("vwap", ",\"weightField\":\"size\"")))
        .containsExactly(
            "builtin.weightField: 'size' is not a value field (fields: [symbol, seq, price, volume])");
    assertThat(problems(builtin("vwap", "")))
        .containsExactly("builtin vwap needs weightField (the volume field)");
  }

  @Test
  void namesOfTheOperatorItsParametersAndItsStateMustBeLowerCaseIdentifiers() {
    assertThat(problems(Specs.AVERAGE_BUILTIN.replace("average_price", "Average Price")))
        .containsExactly(
            "name: 'Average Price' must be a lower-case identifier ([a-z][a-z0-9_]*, at most 40)");
    assertThat(
            problems(
                Specs.expression(
                    "map", "value.price", "[{\"name\":\"Rate\",\"type\":\"double\",\"value\":1}]")))
        .contains(
            "params[].name: 'Rate' must be a lower-case identifier ([a-z][a-z0-9_]*, at most 40)");
    assertThat(problems(Specs.AVERAGE_CEL.replace("\"sum\"", "\"2sum\"")))
        .contains(
            "state[].name: '2sum' must be a lower-case identifier ([a-z][a-z0-9_]*, at most 40)");
  }

  @Test
  void anAccumulateWithoutBuiltinNeedsStateAndSummary() {
    assertThat(problems(Specs.accumulate("[]", "[]", "\"1.0\"")))
        .containsExactly(
            "an accumulate without builtin needs state fields, an update per field and a summary");
  }

  @Test
  void parametersTheSpecDoesNotDeclareAreAddedWithTheTypeOfTheirValue() {
    OperatorCompiler c = compiler.withParams(Map.of("n", 3, "x", 0.5, "on", true, "label", "eur"));
    String answer =
        Specs.expression(
            "map",
            "params.on ? string(params.n) + params.label + string(value.price * params.x) : ''",
            "[]");
    assertThat(result(c.compile(answer), tick(10)).asText()).isEqualTo("3eur5.0");
    assertThat(
            rejection(
                    compiler.withParams(Map.of("n", 3)),
                    Specs.expression("map", "params.n + 0.5", "[]"))
                .getMessage())
        .contains("found no matching overload for '_+_' applied to '(int, double)'");
  }

  @Test
  void anOverrideOfTheWrongTypeIsRejectedNamingTheParameter() {
    String euros =
        Specs.expression(
            "map",
            "value.price * params.rate",
            "[{\"name\":\"rate\",\"type\":\"double\",\"value\":1}]");
    assertThat(rejection(compiler.withParams(Map.of("rate", "high")), euros).problems())
        .containsExactly("params.rate must be double, got \"high\"");
  }
}
