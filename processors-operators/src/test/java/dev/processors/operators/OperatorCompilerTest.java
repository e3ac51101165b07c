package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.ProcessorPart;
import dev.processors.core.Scan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OperatorCompilerTest {
  private final OperatorCompiler compiler = OperatorCompiler.builder().build();

  private static ProcessorPart tick(int seq, double price, double volume) {
    return ProcessorPart.jsonOf(
        Map.of("symbol", "XYZ", "seq", seq, "price", price, "volume", volume));
  }

  /** Runs an operator's scan over parts and returns what it emits, errors as their messages. */
  @SuppressWarnings("unchecked")
  static List<Object> run(Operator operator, List<ProcessorPart> parts) {
    Scan<Object> scan = (Scan<Object>) operator.scan();
    Object state = scan.initial();
    List<Object> out = new ArrayList<>();
    for (ProcessorPart part : parts) {
      try {
        Object next = scan.update(state, part);
        Optional<ProcessorPart> summary = scan.summary(next, part);
        state = next;
        out.add(summary.map(p -> (Object) p).orElse("dropped"));
      } catch (Exception e) {
        out.add(e.getMessage());
      }
    }
    return out;
  }

  static double result(Object part) {
    return ((ProcessorPart) part).content() instanceof dev.processors.core.Content.Json j
        ? j.node().get("result").asDouble()
        : Double.NaN;
  }

  private InvalidSpecException rejection(String answer) {
    Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> compiler.compile(answer));
    assertThat(t).isInstanceOf(InvalidSpecException.class);
    return (InvalidSpecException) t;
  }

  @Test
  void aCelAccumulatorKeepsItsStateAndEmitsASummaryPerValue() {
    Operator avg = compiler.compile(Specs.AVERAGE_CEL);
    List<Object> out = run(avg, List.of(tick(0, 10, 1), tick(1, 20, 1), tick(2, 60, 1)));
    assertThat(out).extracting(OperatorCompilerTest::result).containsExactly(10.0, 15.0, 30.0);
    assertThat(((ProcessorPart) out.get(2)).metadata())
        .containsEntry(Operator.OPERATOR, "average_price");
    assertThat(
            ((dev.processors.core.Content.Json) ((ProcessorPart) out.get(2)).content())
                .node()
                .get("state")
                .toString())
        .isEqualTo("{\"sum\":90.0,\"count\":3}");
  }

  @Test
  void aMapUsesItsParametersAndTheCallerOverridesThem() {
    String euros =
        Specs.expression(
            "map",
            "value.price * params.rate",
            "[{\"name\":\"rate\",\"type\":\"double\",\"value\":0.5}]");
    assertThat(run(compiler.compile(euros), List.of(tick(0, 10, 1))))
        .extracting(OperatorCompilerTest::result)
        .containsExactly(5.0);
    OperatorCompiler overridden = compiler.withParams(Map.of("rate", 0.25));
    assertThat(run(overridden.compile(euros), List.of(tick(0, 10, 1))))
        .extracting(OperatorCompilerTest::result)
        .containsExactly(2.5);
  }

  @Test
  void aFilterKeepsTheValuesItsPredicateAccepts() {
    Operator above =
        compiler.compile(
            Specs.expression(
                "filter",
                "value.price > params.threshold",
                "[{\"name\":\"threshold\",\"type\":\"double\",\"value\":100}]"));
    ProcessorPart high = tick(1, 101, 1);
    assertThat(run(above, List.of(tick(0, 99, 1), high))).containsExactly("dropped", high);
  }

  @Test
  void unknownFieldsAreRejectedByTheSchemaWithTheirPath() {
    InvalidSpecException e =
        rejection(
            Specs.AVERAGE_CEL.replace("\"params\":[]", "\"params\":[],\"code\":\"import os\""));
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.SCHEMA);
    assertThat(e.getMessage()).contains("code").contains("additional properties");
  }

  @Test
  void anAnswerThatIsNotJsonIsRejectedByTheSchemaCheck() {
    InvalidSpecException e = rejection("def func(acc, new_value, params): ...");
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.SCHEMA);
    assertThat(e.getMessage()).contains("not JSON");
  }

  @Test
  void typeErrorsAreRejectedWithCelsOwnMessage() {
    InvalidSpecException e =
        rejection(Specs.AVERAGE_CEL.replace("acc.count + 1", "acc.count + value.price"));
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.COMPILE);
    assertThat(e.getMessage())
        .contains("update of count `acc.count + value.price`")
        .contains("found no matching overload for '_+_' applied to '(int, double)'");
  }

  @Test
  void anExpressionOfTheWrongTypeIsRejected() {
    InvalidSpecException e = rejection(Specs.expression("filter", "value.price * 2.0", "[]"));
    assertThat(e.getMessage())
        .contains("expression `value.price * 2.0` has type double; expected bool");
    InvalidSpecException f =
        rejection(Specs.AVERAGE_CEL.replace("\"initial\":\"0\"", "\"initial\":\"0.0\""));
    assertThat(f.getMessage()).contains("state.count.initial `0.0` has type double; expected int");
  }

  @Test
  void undeclaredFieldsAreRejected() {
    InvalidSpecException e = rejection(Specs.expression("map", "value.pricee * 2.0", "[]"));
    assertThat(e.getMessage()).contains("undeclared reference to 'value'");
  }

  @Test
  void aCostBombIsRejectedBeforeItRuns() {
    StringBuilder list = new StringBuilder("[");
    for (int i = 0; i < 200; i++) {
      list.append(i == 0 ? "" : ",").append(i);
    }
    list.append(']');
    String bomb = list + ".map(x, " + list + ".map(y, x * y)).size() > 0";
    InvalidSpecException e = rejection(Specs.expression("filter", bomb, "[]"));
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.COMPILE);
    assertThat(e.getMessage()).contains("may take up to").contains("the limit is 10000");
  }

  @Test
  void aStateThatGrowsWithEveryValueIsRejectedByTheDryRun() {
    InvalidSpecException e =
        rejection(
            Specs.accumulate(
                "[{\"name\":\"history\",\"type\":\"list<double>\",\"initial\":\"[]\"}]",
                "[{\"field\":\"history\",\"expression\":\"acc.history + [value.price]\"}]",
                "\"size(acc.history)\""));
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.DRY_RUN);
    assertThat(e.getMessage())
        .contains("sample value #257")
        .contains("the state grows without bound: it holds 257 list elements (history: 257)")
        .contains("the limit is 256");
  }

  @Test
  void aBoundedWindowInTheStatePassesTheDryRun() {
    Operator last3 =
        compiler.compile(
            Specs.accumulate(
                "[{\"name\":\"window\",\"type\":\"list<double>\",\"initial\":\"[]\"}]",
                "[{\"field\":\"window\",\"expression\":"
                    + "\"size(acc.window) < 3 ? acc.window + [value.price] : acc.window.slice(1, 3) + [value.price]\"}]",
                "\"math.greatest(acc.window)\""));
    assertThat(
            run(
                last3,
                List.of(tick(0, 5, 1), tick(1, 9, 1), tick(2, 1, 1), tick(3, 2, 1), tick(4, 3, 1))))
        .extracting(OperatorCompilerTest::result)
        .containsExactly(5.0, 9.0, 9.0, 9.0, 3.0);
  }

  @Test
  void numbersThatStopBeingFiniteAreRejected() {
    InvalidSpecException e =
        rejection(Specs.AVERAGE_CEL.replace("acc.sum / double(acc.count)", "acc.sum / 0.0"));
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.DRY_RUN);
    assertThat(e.getMessage())
        .contains("sample value #1")
        .contains("result is Infinity; numbers must stay finite");
  }

  @Test
  void inconsistentSpecsAreRejectedWithEveryProblemNamed() {
    String both =
        Specs.AVERAGE_CEL.replace(
            "\"params\":[]", "\"params\":[],\"builtin\":{\"name\":\"average\",\"field\":\"cost\"}");
    InvalidSpecException e = rejection(both);
    assertThat(e.getMessage()).contains("give either builtin or state/update/summary, not both");
    InvalidSpecException f =
        rejection(Specs.AVERAGE_BUILTIN.replace("\"price\"}", "\"symbol\",\"alpha\":0.5}"));
    assertThat(f.problems())
        .containsExactlyInAnyOrder(
            "builtin.field: 'symbol' is string, not a number", "builtin.alpha is for ewma only");
  }

  @Test
  void aValueTheOperatorCannotHandleFailsThatValueOnly() {
    OperatorCompiler fewSamples =
        OperatorCompiler.builder()
            .samples(List.of(tick(0, 10, 1), tick(1, 10, 1), tick(2, 10, 1)))
            .build();
    Operator inverse = fewSamples.compile(Specs.expression("map", "100 / (value.seq - 3)", "[]"));
    List<Object> out = run(inverse, List.of(tick(2, 1, 1), tick(3, 1, 1), tick(4, 1, 1)));
    assertThat(out.get(1))
        .asString()
        .contains("expression `100 / (value.seq - 3)`")
        .contains("by zero");
    assertThat(result(out.get(2))).isEqualTo(100.0);
  }

  @Test
  void theSchemaIsClosedAndDescribesEveryField() {
    var schema = SpecSchema.tree();
    assertThat(schema.get("additionalProperties").asBoolean()).isFalse();
    assertThat(schema.at("/properties/kind/enum").toString())
        .isEqualTo("[\"map\",\"filter\",\"accumulate\"]");
    assertThat(schema.at("/properties/builtin/properties/name/enum").toString())
        .contains("vwap")
        .contains("ewma");
    assertThat(schema.at("/required").toString()).contains("kind").doesNotContain("builtin");
    assertThat(schema.at("/properties/summary/description").asText()).isNotEmpty();
    assertThatThrownBy(() -> compiler.parse("{\"kind\":\"map\"}"))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessageContaining("required property 'name'");
  }
}
