package dev.processors.metrics;

import java.util.Locale;

/** Figures written for people: durations with a sensible unit, rates and ratios. */
final class HumanFormat {
  private HumanFormat() {}

  /** 850 ns, 12 µs, 3.4 ms, 250 ms, 1.42 s, 2.0 min. */
  static String duration(long nanos) {
    double n = Math.max(0, nanos);
    if (n < 1_000) {
      return String.format(Locale.ROOT, "%.0f ns", n);
    }
    if (n < 1_000_000) {
      return scaled(n / 1e3, "µs");
    }
    if (n < 1_000_000_000) {
      return scaled(n / 1e6, "ms");
    }
    if (n < 120e9) {
      return scaled(n / 1e9, "s");
    }
    return String.format(Locale.ROOT, "%.1f min", n / 60e9);
  }

  private static String scaled(double v, String unit) {
    String pattern = v < 10 ? "%.2f %s" : v < 100 ? "%.1f %s" : "%.0f %s";
    return String.format(Locale.ROOT, pattern, v, unit);
  }

  /** 0.4, 12, 1,250. */
  static String rate(double perSecond) {
    if (perSecond < 10) {
      return String.format(Locale.ROOT, "%.1f", perSecond);
    }
    return String.format(Locale.ROOT, "%,.0f", perSecond);
  }

  /** 2.5%. */
  static String percent(double ratio) {
    return String.format(Locale.ROOT, "%.1f%%", ratio * 100);
  }

  /** 0.30. */
  static String ratio(double ratio) {
    return String.format(Locale.ROOT, "%.2f", ratio);
  }
}
