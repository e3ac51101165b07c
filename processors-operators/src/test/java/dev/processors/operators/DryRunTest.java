package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The dry run and the state checks, as a spec author meets them. */
class DryRunTest {
  private static ProcessorPart tick(int seq, double price) {
    return ProcessorPart.jsonOf(Map.of("symbol", "XYZ", "seq", seq, "price", price, "volume", 1.0));
  }

  private static InvalidSpecException rejection(OperatorCompiler c, String answer) {
    Throwable t = catchThrowable(() -> c.compile(answer));
    assertThat(t).isInstanceOf(InvalidSpecException.class);
    return (InvalidSpecException) t;
  }

  private static OperatorLimits limits(int strings, int dryRunValues) {
    return new OperatorLimits(
        10_000, 1_000, 256, strings, 2_000, Duration.ofMillis(100), dryRunValues);
  }

  @Test
  void aStateStringLongerThanTheLimitIsRejectedNamingTheField() {
    OperatorCompiler c = OperatorCompiler.builder().limits(limits(10, 300)).build();
    InvalidSpecException e =
        rejection(
            c,
            Specs.accumulate(
                "[{\"name\":\"seen\",\"type\":\"string\",\"initial\":\"''\"}]",
                "[{\"field\":\"seen\",\"expression\":\"acc.seen + value.symbol\"}]",
                "\"size(acc.seen)\""));
    assertThat(e.check()).isEqualTo(InvalidSpecException.Check.DRY_RUN);
    assertThat(e.getMessage())
        .contains("sample value #4")
        .contains("state field 'seen' is a string of 12 characters; the limit is 10");
  }

  @Test
  void anUnboundedStateIsReportedWithTheSizesOfItsListFieldsOnly() {
    InvalidSpecException e =
        rejection(
            OperatorCompiler.builder().build(),
            Specs.accumulate(
                "[{\"name\":\"total\",\"type\":\"double\",\"initial\":\"0.0\"},"
                    + "{\"name\":\"history\",\"type\":\"list<double>\",\"initial\":\"[]\"}]",
                "[{\"field\":\"total\",\"expression\":\"acc.total + value.price\"},"
                    + "{\"field\":\"history\",\"expression\":\"acc.history + [value.price]\"}]",
                "\"acc.total\""));
    assertThat(e.getMessage()).contains("holds 257 list elements (history: 257);");
  }

  @Test
  void aDryRunFailureShowsTheSampleValueThatCausedIt() {
    OperatorCompiler c =
        OperatorCompiler.builder().samples(List.of(tick(0, 10), tick(1, 0))).build();
    InvalidSpecException e = rejection(c, Specs.expression("map", "1.0 / value.price", "[]"));
    assertThat(e.getMessage())
        .contains("sample value #2 {symbol=XYZ, seq=1, price=0.0, volume=1.0}: result is Infinity");
  }

  @Test
  void theDryRunRunsExactlyItsNumberOfValues() {
    // fails on the 301st value only: a dry run of 300 accepts it
    String failsAt301 =
        Specs.accumulate(
            "[{\"name\":\"n\",\"type\":\"int\",\"initial\":\"0\"}]",
            "[{\"field\":\"n\",\"expression\":\"acc.n + 1\"}]",
            "\"100 / (301 - acc.n)\"");
    assertThat(OperatorCompiler.builder().build().compile(failsAt301)).isNotNull();
    assertThat(
            rejection(OperatorCompiler.builder().limits(limits(1_024, 301)).build(), failsAt301)
                .getMessage())
        .contains("sample value #301");
  }

  @Test
  void dryRunValuesArriveOneTenthOfASecondApartSoATimeWindowStaysBounded() {
    OperatorSpec spec =
        new OperatorSpec(
            OperatorSpec.Kind.ACCUMULATE,
            "recent",
            "count of the last minute",
            List.of(),
            Optional.empty(),
            Optional.of(
                new BuiltinSpec(
                    BuiltinSpec.Builtin.COUNT,
                    "price",
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.of(60.0))),
            List.of(),
            List.of(),
            Optional.empty());
    assertThat(OperatorCompiler.builder().limits(limits(1_024, 10_001)).build().compile(spec))
        .isNotNull();
  }

  @Test
  void parametersGivenToTheCompilerBuilderWinOverTheSpecs() {
    String euros =
        Specs.expression(
            "map",
            "value.price * params.rate",
            "[{\"name\":\"rate\",\"type\":\"double\",\"value\":1}]");
    Operator op = OperatorCompiler.builder().params(Map.of("rate", 0.5)).build().compile(euros);
    Object out = OperatorCompilerTest.run(op, List.of(tick(0, 10))).get(0);
    assertThat(((Content.Json) ((ProcessorPart) out).content()).node().get("result").asDouble())
        .isEqualTo(5.0);
    assertThat(op.toString()).isEqualTo("Operator(map test_map)");
    assertThat(OperatorStage.create().name()).isEqualTo("operators");
  }

  @Test
  void anOperatorIsNamedAfterItsSpecByDefault() {
    Operator compiled = OperatorCompiler.builder().build().compile(Specs.AVERAGE_BUILTIN);
    Operator wrapped =
        new Operator() {
          @Override
          public OperatorSpec spec() {
            return compiled.spec();
          }

          @Override
          public dev.processors.core.Scan<?> scan() {
            return compiled.scan();
          }
        };
    assertThat(wrapped.name()).isEqualTo("average_price");
  }

  @Test
  void everyEntryOfAMapLiteralCountsTowardsTheEstimate() {
    String twoEntries =
        Specs.expression("map", "{'a': value.price + 1.0, 'b': value.price + 2.0}", "[]");
    OperatorLimits tight =
        new OperatorLimits(6, 1_000, 256, 1_024, 2_000, Duration.ofMillis(100), 300);
    assertThat(rejection(OperatorCompiler.builder().limits(tight).build(), twoEntries).getMessage())
        .contains("may take up to 9 evaluation steps per value; the limit is 6");
  }

  @Test
  void anExpressionEstimatedAtExactlyTheStepLimitIsAccepted() {
    String plusOne = Specs.expression("map", "value.price + 1.0", "[]"); // 3 nodes
    OperatorLimits three =
        new OperatorLimits(3, 1_000, 256, 1_024, 2_000, Duration.ofMillis(100), 300);
    OperatorLimits two =
        new OperatorLimits(2, 1_000, 256, 1_024, 2_000, Duration.ofMillis(100), 300);
    assertThat(OperatorCompiler.builder().limits(three).build().compile(plusOne)).isNotNull();
    assertThat(rejection(OperatorCompiler.builder().limits(two).build(), plusOne).getMessage())
        .contains("may take up to 3 evaluation steps per value; the limit is 2");
  }
}
