package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Figures for people change unit and precision exactly at their documented boundaries. */
class HumanFormatTest {

  @Test
  void durationsChangeUnitAtEachThousandAndAtTwoMinutes() {
    assertThat(HumanFormat.duration(-5)).isEqualTo("0 ns");
    assertThat(HumanFormat.duration(999)).isEqualTo("999 ns");
    assertThat(HumanFormat.duration(1_000)).isEqualTo("1.00 µs");
    assertThat(HumanFormat.duration(999_000)).isEqualTo("999 µs");
    assertThat(HumanFormat.duration(1_000_000)).isEqualTo("1.00 ms");
    assertThat(HumanFormat.duration(1_000_000_000)).isEqualTo("1.00 s");
    assertThat(HumanFormat.duration(119_000_000_000L)).isEqualTo("119 s");
    assertThat(HumanFormat.duration(120_000_000_000L)).isEqualTo("2.0 min");
    assertThat(HumanFormat.duration(180_000_000_000L)).isEqualTo("3.0 min");
  }

  @Test
  void durationsKeepThreeSignificantDigitsAtEachPowerOfTen() {
    assertThat(HumanFormat.duration(9_990)).isEqualTo("9.99 µs");
    assertThat(HumanFormat.duration(10_000)).isEqualTo("10.0 µs");
    assertThat(HumanFormat.duration(12_000)).isEqualTo("12.0 µs");
    assertThat(HumanFormat.duration(99_900)).isEqualTo("99.9 µs");
    assertThat(HumanFormat.duration(100_000)).isEqualTo("100 µs");
    assertThat(HumanFormat.duration(3_400_000)).isEqualTo("3.40 ms");
    assertThat(HumanFormat.duration(250_000_000)).isEqualTo("250 ms");
  }

  @Test
  void ratesShowADecimalBelowTenAndThousandsSeparatorsAbove() {
    assertThat(HumanFormat.rate(0.4)).isEqualTo("0.4");
    assertThat(HumanFormat.rate(9.94)).isEqualTo("9.9");
    assertThat(HumanFormat.rate(10)).isEqualTo("10");
    assertThat(HumanFormat.rate(1250)).isEqualTo("1,250");
  }

  @Test
  void ratiosAndPercentagesHaveFixedDecimals() {
    assertThat(HumanFormat.ratio(0.3)).isEqualTo("0.30");
    assertThat(HumanFormat.ratio(1.456)).isEqualTo("1.46");
    assertThat(HumanFormat.percent(0.025)).isEqualTo("2.5%");
  }
}
