package dev.processors.operators;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A library accumulator chosen by name: the common requests need no generated logic at all.
 *
 * @param name which accumulator
 * @param field the numeric value field it reads, e.g. {@code price}
 * @param weightField VWAP only: the volume field
 * @param alpha EWMA only: the smoothing factor in (0, 1]
 * @param windowCount only the last N values count
 * @param windowSeconds only the values of the last T seconds count (on the operator's clock)
 */
public record BuiltinSpec(
    @Doc("average, min, max, sum, count, ewma or vwap") Builtin name,
    @Doc("the numeric value field it reads, e.g. price") String field,
    @Doc("vwap only: the volume field") Optional<String> weightField,
    @Doc("ewma only: smoothing factor in (0, 1]") Optional<Double> alpha,
    @Doc("optional window: only the last N values count") Optional<Integer> windowCount,
    @Doc("optional window: only the values of the last T seconds count")
        Optional<Double> windowSeconds) {

  /** Nulls become empty. */
  public BuiltinSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(field, "field");
    weightField = weightField == null ? Optional.empty() : weightField;
    alpha = alpha == null ? Optional.empty() : alpha;
    windowCount = windowCount == null ? Optional.empty() : windowCount;
    windowSeconds = windowSeconds == null ? Optional.empty() : windowSeconds;
  }

  /** A running accumulator over {@code field} with no window and no extra setting. */
  public static BuiltinSpec of(Builtin name, String field) {
    return new BuiltinSpec(
        name, field, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** The accumulators of the library. */
  public enum Builtin {
    /** The arithmetic mean. */
    AVERAGE,
    /** The smallest value. */
    MIN,
    /** The largest value. */
    MAX,
    /** The total. */
    SUM,
    /** The number of values. */
    COUNT,
    /** The exponentially weighted moving average: {@code m = alpha * x + (1 - alpha) * m}. */
    EWMA,
    /** The volume-weighted average price: {@code sum(price * volume) / sum(volume)}. */
    VWAP;

    /** The lower-case name used in specs. */
    @JsonValue
    public String wire() {
      return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The accumulator named {@code wire}.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    @JsonCreator
    public static Builtin of(String wire) {
      return valueOf(wire.toUpperCase(Locale.ROOT));
    }
  }
}
