package dev.processors.gemini;

import java.time.Duration;
import java.util.Objects;

/**
 * The module's argument checks, worded as the core's and the model module's: {@code "<what> is
 * blank"}, {@code "<what> must be positive, got <value>"}. Each names the argument, throws {@link
 * IllegalArgumentException} (or {@link NullPointerException} for null) and returns its argument.
 */
final class Checks {
  private Checks() {}

  static String notBlank(String value, String what) {
    if (Objects.requireNonNull(value, what).isBlank()) {
      throw new IllegalArgumentException(what + " is blank");
    }
    return value;
  }

  static Duration positive(Duration value, String what) {
    if (Objects.requireNonNull(value, what).isNegative() || value.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
    return value;
  }

  static double inRange(double value, double min, double max, String what) {
    if (!(value >= min && value <= max)) {
      throw new IllegalArgumentException(
          what + " must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  static <T> T[] notEmpty(T[] values, String what) {
    if (Objects.requireNonNull(values, what).length == 0) {
      throw new IllegalArgumentException(what + " is empty");
    }
    for (T v : values) {
      Objects.requireNonNull(v, what);
    }
    return values;
  }
}
