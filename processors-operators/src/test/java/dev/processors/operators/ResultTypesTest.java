package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What an expression may give (any JSON-representable CEL type), how results and state are checked
 * as values flow, and the value schema's field types.
 */
class ResultTypesTest {
  private final OperatorCompiler compiler = OperatorCompiler.builder().build();

  private static ProcessorPart tick(double price) {
    return ProcessorPart.jsonOf(Map.of("symbol", "XYZ", "seq", 7, "price", price, "volume", 250.0));
  }

  private static JsonNode result(Operator op, ProcessorPart part) {
    Object out = OperatorCompilerTest.run(op, List.of(part)).get(0);
    assertThat(out).isInstanceOf(ProcessorPart.class);
    return ((Content.Json) ((ProcessorPart) out).content()).node().get("result");
  }

  private static InvalidSpecException rejection(OperatorCompiler c, String answer) {
    Throwable t = catchThrowable(() -> c.compile(answer));
    assertThat(t).isInstanceOf(InvalidSpecException.class);
    return (InvalidSpecException) t;
  }

  private JsonNode map(String expression) {
    return result(compiler.compile(Specs.expression("map", expression, "[]")), tick(10));
  }

  private static OperatorLimits limits(int cost, int string, int expression) {
    return new OperatorLimits(cost, 1_000, 256, string, expression, Duration.ofMillis(100), 300);
  }

  @Test
  void aMapMayGiveAnyJsonTypeAndItArrivesAsJson() {
    assertThat(map("value.symbol + '!'").asText()).isEqualTo("XYZ!");
    assertThat(map("value.price > 5.0").asBoolean()).isTrue();
    assertThat(map("uint(value.seq)").toString()).isEqualTo("7");
    assertThat(map("[value.price, 1.0]").toString()).isEqualTo("[10.0,1.0]");
    assertThat(map("[[1, 2], [3]]").toString()).isEqualTo("[[1,2],[3]]");
    assertThat(map("{'p': value.price, 'v': value.volume}").toString())
        .isEqualTo("{\"p\":10.0,\"v\":250.0}");
    assertThat(map("{'ids': [uint(1)], 'name': {'s': value.symbol}}").toString())
        .isEqualTo("{\"ids\":[1],\"name\":{\"s\":\"XYZ\"}}");
  }

  @Test
  void aTypeWithNoJsonFormIsRejectedWithItsFullName() {
    String stamp = "timestamp('2020-01-01T00:00:00Z')";
    assertThat(rejection(compiler, Specs.expression("map", stamp, "[]")).getMessage())
        .contains("has type google.protobuf.Timestamp; expected double, int, bool, string,");
    assertThat(rejection(compiler, Specs.expression("map", "[" + stamp + "]", "[]")).getMessage())
        .contains("has type list(google.protobuf.Timestamp); expected");
    assertThat(rejection(compiler, Specs.expression("map", "{1: 2.0}", "[]")).getMessage())
        .contains("`{1: 2.0}` has type map(int, double); expected");
    assertThat(
            rejection(compiler, Specs.expression("map", "{'a': [" + stamp + "]}", "[]"))
                .getMessage())
        .contains("has type map(string, list(google.protobuf.Timestamp)); expected");
    assertThat(rejection(compiler, Specs.expression("map", "b'abc'", "[]")).getMessage())
        .contains("has type bytes; expected");
    assertThat(rejection(compiler, Specs.expression("filter", "[true]", "[]")).getMessage())
        .contains("`[true]` has type list(bool); expected bool");
  }

  @Test
  void aListUpdateMustHaveTheElementTypeOfItsField() {
    String state = "[{\"name\":\"h\",\"type\":\"list<double>\",\"initial\":\"[]\"}]";
    InvalidSpecException e =
        rejection(
            compiler,
            Specs.accumulate(state, "[{\"field\":\"h\",\"expression\":\"[1, 2]\"}]", "\"1.0\""));
    assertThat(e.getMessage())
        .contains("update of h `[1, 2]` has type list(int); expected list(double)");
  }

  @Test
  void aDynamicValueIsCheckedWhenItIsComputed() {
    InvalidSpecException init =
        rejection(
            compiler,
            Specs.accumulate(
                "[{\"name\":\"n\",\"type\":\"int\",\"initial\":\"dyn(1.5)\"}]",
                "[{\"field\":\"n\",\"expression\":\"acc.n\"}]",
                "\"acc.n\""));
    assertThat(init.problems()).containsExactly("state.n.initial gives 1.5, not a int");
    InvalidSpecException update =
        rejection(
            compiler,
            Specs.accumulate(
                "[{\"name\":\"ids\",\"type\":\"list<int>\",\"initial\":\"[]\"}]",
                "[{\"field\":\"ids\",\"expression\":\"dyn([value.price])\"}]",
                "\"size(acc.ids)\""));
    assertThat(update.check()).isEqualTo(InvalidSpecException.Check.DRY_RUN);
    assertThat(update.getMessage()).contains("update of ids gave [").contains("], not a list<int>");
    InvalidSpecException stamp =
        rejection(
            compiler, Specs.expression("map", "dyn(timestamp('2020-01-01T00:00:00Z'))", "[]"));
    assertThat(stamp.check()).isEqualTo(InvalidSpecException.Check.DRY_RUN);
    assertThat(stamp.getMessage()).contains("which has no JSON form");
  }

  @Test
  void nonFiniteNumbersInsideListsAndMapsAreNamedByTheirPlace() {
    InvalidSpecException list =
        rejection(compiler, Specs.expression("map", "[1.0, 2.0, value.price / 0.0]", "[]"));
    assertThat(list.getMessage()).contains("result[2] is Infinity; numbers must stay finite");
    InvalidSpecException map =
        rejection(
            compiler, Specs.expression("map", "{'ok': 1.0, 'bad': -value.price / 0.0}", "[]"));
    assertThat(map.getMessage()).contains("result.bad is -Infinity; numbers must stay finite");
  }

  @Test
  void stringsUpToTheLimitPassAndLongerOnesAreRejected() {
    OperatorCompiler c = OperatorCompiler.builder().limits(limits(10_000, 5, 2_000)).build();
    assertThat(
            result(c.compile(Specs.expression("map", "value.symbol + '!!'", "[]")), tick(1))
                .asText())
        .isEqualTo("XYZ!!");
    assertThat(rejection(c, Specs.expression("map", "value.symbol + '!!!'", "[]")).getMessage())
        .contains("result is a string of 6 characters; the limit is 5");
  }

  @Test
  void anExpressionUpToTheLengthLimitIsAcceptedAndALongerOneIsNot() {
    OperatorCompiler c = OperatorCompiler.builder().limits(limits(10_000, 1_024, 13)).build();
    assertThat(c.compile(Specs.expression("map", "value.price  ", "[]"))).isNotNull();
    assertThat(rejection(c, Specs.expression("map", "value.price   ", "[]")).getMessage())
        .contains("expression is 14 characters long; the limit is 13");
  }

  @Test
  void aCostRejectionQuotesTheExpressionUpTo80Characters() {
    OperatorCompiler c = OperatorCompiler.builder().limits(limits(1, 1_024, 2_000)).build();
    String eighty = "value.price + 1.0" + " ".repeat(63);
    assertThat(rejection(c, Specs.expression("map", eighty, "[]")).getMessage())
        .contains("`" + eighty + "` may take up to");
    String longer = "value.price + 1.0" + " ".repeat(64);
    assertThat(rejection(c, Specs.expression("map", longer, "[]")).getMessage())
        .contains("`" + longer.substring(0, 77) + "...` may take up to");
  }

  @Test
  void aComprehensionOverLiteralListsIsPricedByTheirLength() {
    // 3 elements of a cheap body fit in 100 steps; a list of unknown length (256) would not
    OperatorCompiler c = OperatorCompiler.builder().limits(limits(100, 1_024, 2_000)).build();
    assertThat(
            result(
                    c.compile(
                        Specs.expression(
                            "map", "([1.0, 2.0] + [3.0]).map(x, x * value.price)", "[]")),
                    tick(2))
                .toString())
        .isEqualTo("[2.0,4.0,6.0]");
    assertThat(
            result(
                    c.compile(
                        Specs.expression(
                            "map", "[1.0, 2.0, 3.0].slice(1, 3).map(x, x * value.price)", "[]")),
                    tick(2))
                .toString())
        .isEqualTo("[4.0,6.0]");
    assertThat(
            result(
                    c.compile(
                        Specs.expression("map", "{'a': 1, 'b': 2}.map(k, k + value.symbol)", "[]")),
                    tick(2))
                .toString())
        .isEqualTo("[\"aXYZ\",\"bXYZ\"]");
  }

  @Test
  void aValueSchemaNeedsLowerCaseIdentifiersAndAtLeastOneField() {
    assertThatThrownBy(() -> ValueSchema.of(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a value schema needs at least one field");
    assertThatThrownBy(() -> ValueSchema.of(Map.of("Price", ValueType.DOUBLE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("value field name 'Price' must be a lower-case identifier");
    assertThat(ValueSchema.of(Map.of("price", ValueType.DOUBLE)).toString())
        .isEqualTo("ValueSchema{price=DOUBLE}");
  }

  @Test
  void valuesOfACustomSchemaAreReadWithTheirFieldTypes() {
    Map<String, ValueType> f = new LinkedHashMap<>();
    f.put("open", ValueType.BOOL);
    f.put("name", ValueType.STRING);
    f.put("bands", ValueType.LIST_DOUBLE);
    f.put("ids", ValueType.LIST_INT);
    f.put("n", ValueType.INT);
    OperatorCompiler c = OperatorCompiler.builder().values(ValueSchema.of(f)).build();
    Operator op =
        c.compile(
            Specs.expression(
                "map",
                "value.open ? value.name + string(value.bands[1] + double(value.ids[0] + value.n)) : ''",
                "[]"));
    assertThat(
            result(
                    op,
                    ProcessorPart.jsonOf(
                        Map.of(
                            "open",
                            true,
                            "name",
                            "x",
                            "bands",
                            List.of(1, 2.5),
                            "ids",
                            List.of(4),
                            "n",
                            3.0)))
                .asText())
        .isEqualTo("x9.5");
    List<Object> errors =
        OperatorCompilerTest.run(
            op,
            List.of(
                ProcessorPart.jsonOf(
                    Map.of(
                        "open", "yes", "name", "x", "bands", List.of(), "ids", List.of(), "n", 1)),
                ProcessorPart.jsonOf(
                    Map.of("open", true, "name", 5, "bands", List.of(), "ids", List.of(), "n", 1)),
                ProcessorPart.jsonOf(
                    Map.of("open", true, "name", "x", "bands", 1.0, "ids", List.of(), "n", 1)),
                ProcessorPart.jsonOf(
                    Map.of(
                        "open",
                        true,
                        "name",
                        "x",
                        "bands",
                        List.of(),
                        "ids",
                        List.of(1.5),
                        "n",
                        1)),
                ProcessorPart.jsonOf(
                    Map.of(
                        "open", true, "name", "x", "bands", List.of(), "ids", List.of(), "n",
                        3.5))));
    assertThat(errors)
        .asString()
        .contains("value.open must be bool, got \"yes\"")
        .contains("value.name must be string, got 5")
        .contains("value.bands must be list<double>, got 1.0")
        .contains("value.ids[] must be int, got 1.5")
        .contains("value.n must be int, got 3.5");
  }

  @Test
  void aDeclaredDoubleParameterTakesAnIntegerOverrideAsADouble() {
    String euros =
        Specs.expression(
            "map",
            "value.price * params.rate",
            "[{\"name\":\"rate\",\"type\":\"double\",\"value\":0.5}]");
    assertThat(result(compiler.withParams(Map.of("rate", 2)).compile(euros), tick(10)).asDouble())
        .isEqualTo(20.0);
  }

  @Test
  void aSpecWithoutDescriptionHasAnEmptyOneAndItsJsonRoundTrips() {
    OperatorSpec spec = compiler.parse(Specs.AVERAGE_CEL);
    assertThat(compiler.parse(spec.toJson())).isEqualTo(spec);
    assertThat(compiler.parse(spec.toPrettyJson())).isEqualTo(spec);
    assertThat(spec.toPrettyJson()).contains("\n");
    OperatorSpec bare =
        new OperatorSpec(
            OperatorSpec.Kind.MAP,
            "m",
            null,
            null,
            java.util.Optional.of("value.price"),
            null,
            null,
            null,
            null);
    assertThat(bare.description()).isEmpty();
    assertThat(bare.toJson()).contains("\"kind\":\"map\"");
  }
}
