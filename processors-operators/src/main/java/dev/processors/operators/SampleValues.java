package dev.processors.operators;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic values for dry runs, from a value schema: doubles on a seeded random walk around 100
 * (with fields named like volumes kept positive), integers counting up, strings {@code "XYZ"},
 * booleans alternating. Deterministic for a seed.
 */
final class SampleValues {
  private SampleValues() {}

  static List<Object[]> generate(ValueSchema schema, int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Object[]> out = new ArrayList<>(count);
    double walk = 100;
    for (int n = 0; n < count; n++) {
      walk = Math.max(1, walk * (1 + (random.nextDouble() - 0.5) / 50));
      Object[] value = new Object[schema.names().size()];
      int i = 0;
      for (Map.Entry<String, ValueType> f : schema.fields().entrySet()) {
        value[i++] =
            switch (f.getValue()) {
              case DOUBLE ->
                  f.getKey().contains("vol") || f.getKey().contains("qty")
                      ? (double) (100 + random.nextInt(900))
                      : Math.round(walk * 100) / 100.0;
              case INT -> (long) n;
              case BOOL -> n % 2 == 0;
              case STRING -> "XYZ";
              case LIST_DOUBLE -> List.of(walk, walk + 1);
              case LIST_INT -> List.of((long) n, (long) n + 1);
            };
      }
      out.add(value);
    }
    return out;
  }
}
