package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The synthetic values a candidate operator is dry-run over when the caller gives none. */
class SampleValuesTest {
  private static ValueSchema schema() {
    Map<String, ValueType> f = new LinkedHashMap<>();
    f.put("price", ValueType.DOUBLE);
    f.put("volume", ValueType.DOUBLE);
    f.put("qty", ValueType.DOUBLE);
    f.put("seq", ValueType.INT);
    f.put("open", ValueType.BOOL);
    f.put("symbol", ValueType.STRING);
    f.put("bands", ValueType.LIST_DOUBLE);
    f.put("ids", ValueType.LIST_INT);
    return ValueSchema.of(f);
  }

  @Test
  void oneSamplePerRequestedValueWithEveryFieldOfItsType() {
    List<Object[]> samples = SampleValues.generate(schema(), 300, 42);
    assertThat(samples).hasSize(300);
    for (int n = 0; n < samples.size(); n++) {
      Object[] v = samples.get(n);
      assertThat(v).hasSize(8);
      assertThat(v[3]).isEqualTo((long) n); // integers count up
      assertThat(v[4]).isEqualTo(n % 2 == 0); // booleans alternate
      assertThat(v[5]).isEqualTo("XYZ");
      @SuppressWarnings("unchecked")
      List<Double> bands = (List<Double>) v[6];
      assertThat(bands).hasSize(2);
      assertThat(bands.get(1) - bands.get(0))
          .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
      assertThat(v[7]).isEqualTo(List.of((long) n, (long) n + 1));
      for (Object e : samples.get(n)) {
        assertThat(
                ValueType.DOUBLE.holds(e)
                    || e instanceof Long
                    || e instanceof Boolean
                    || e instanceof String
                    || e instanceof List<?>)
            .isTrue();
      }
    }
  }

  @Test
  void pricesWalkAroundOneHundredInCentsAndVolumeLikeFieldsAreWholePositiveAmounts() {
    List<Object[]> samples = SampleValues.generate(schema(), 300, 42);
    double previous = 100;
    int rises = 0;
    int falls = 0;
    for (Object[] v : samples) {
      double price = (Double) v[0];
      assertThat(price * 100)
          .isCloseTo(Math.rint(price * 100), org.assertj.core.data.Offset.offset(1e-6));
      // each step moves the walk by at most 1% (plus the rounding to cents)
      assertThat(Math.abs(price - previous)).isLessThanOrEqualTo(previous * 0.01 + 0.01);
      rises += price > previous ? 1 : 0;
      falls += price < previous ? 1 : 0;
      previous = price;
      for (int i : new int[] {1, 2}) {
        double amount = (Double) v[i];
        assertThat(amount).isBetween(100.0, 999.0);
        assertThat(amount).isEqualTo(Math.rint(amount));
      }
    }
    assertThat(rises).isGreaterThan(50);
    assertThat(falls).isGreaterThan(50);
  }

  @Test
  void theSameSeedGivesTheSameSamples() {
    List<Object[]> a = SampleValues.generate(schema(), 50, 7);
    List<Object[]> b = SampleValues.generate(schema(), 50, 7);
    for (int n = 0; n < 50; n++) {
      assertThat(a.get(n)).isEqualTo(b.get(n));
    }
  }
}
