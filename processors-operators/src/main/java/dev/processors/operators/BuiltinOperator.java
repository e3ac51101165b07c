package dev.processors.operators;

import dev.processors.core.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The library accumulators, in plain Java: average, min, max, sum, count, EWMA and VWAP, over every
 * value or over a window of the last N values or of the values younger than T on the clock. Running
 * aggregates update in constant time; a window's aggregates are recomputed over the window, oldest
 * first, so results are exact for the values in it.
 */
final class BuiltinOperator extends OperatorScan {
  /** Most values a window may hold. */
  static final int MAX_WINDOW = 10_000;

  /** The immutable state: the window (empty when there is none) and the running aggregates. */
  record Aggregate(
      Window window,
      long count,
      double sum,
      double weightedSum,
      double weightSum,
      double min,
      double max,
      double ewma) {}

  private final BuiltinSpec builtin;
  private final int field;
  private final int weightField;
  private final double alpha;
  private final int windowCount;
  private final long windowNanos;

  BuiltinOperator(
      OperatorSpec spec, ValueSchema values, OperatorLimits limits, Clock clock, BuiltinSpec b) {
    super(spec, values, limits, clock);
    this.builtin = b;
    this.field = values.names().indexOf(b.field());
    this.weightField = b.weightField().map(values.names()::indexOf).orElse(-1);
    this.alpha = b.alpha().orElse(1.0);
    this.windowCount = b.windowCount().orElse(0);
    this.windowNanos = b.windowSeconds().map(s -> (long) (s * 1e9)).orElse(0L);
  }

  private boolean windowed() {
    return windowCount > 0 || windowNanos > 0;
  }

  @Override
  Object initialState() {
    return new Aggregate(
        Window.EMPTY, 0, 0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);
  }

  @Override
  OperatorState step(Object state, Object[] value, CostMeter meter) {
    Aggregate a = (Aggregate) state;
    double x = ((Number) value[field]).doubleValue();
    double w = weightField < 0 ? 1 : ((Number) value[weightField]).doubleValue();
    if (weightField >= 0 && w < 0) {
      throw new EvaluationException(builtin.weightField().get() + " is negative: " + w);
    }
    Aggregate next =
        windowed() ? slide(a, new Window.Sample(clock.nanoTime(), x, w)) : run(a, x, w);
    if (builtin.name() == BuiltinSpec.Builtin.EWMA) {
      // m = alpha * x + (1 - alpha) * m, seeded with the first value
      double m = a.count() == 0 ? x : alpha * x + (1 - alpha) * a.ewma();
      next =
          new Aggregate(
              next.window(),
              next.count(),
              next.sum(),
              next.weightedSum(),
              next.weightSum(),
              next.min(),
              next.max(),
              m);
    }
    return new OperatorState(next, result(next));
  }

  private static Aggregate run(Aggregate a, double x, double w) {
    return new Aggregate(
        Window.EMPTY,
        a.count() + 1,
        a.sum() + x,
        a.weightedSum() + x * w,
        a.weightSum() + w,
        Math.min(a.min(), x),
        Math.max(a.max(), x),
        a.ewma());
  }

  private Aggregate slide(Aggregate a, Window.Sample sample) {
    Window window = a.window().add(sample);
    while (window.size() > 0
        && ((windowCount > 0 && window.size() > windowCount)
            || (windowNanos > 0 && sample.nanos() - window.oldest().nanos() >= windowNanos))) {
      window = window.withoutOldest();
    }
    if (window.size() > MAX_WINDOW) {
      throw new EvaluationException(
          "the time window holds more than " + MAX_WINDOW + " values; shorten windowSeconds");
    }
    double[] agg = {0, 0, 0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
    window.forEach(
        s -> {
          agg[0] += s.x();
          agg[1] += s.x() * s.w();
          agg[2] += s.w();
          agg[3] = Math.min(agg[3], s.x());
          agg[4] = Math.max(agg[4], s.x());
        });
    return new Aggregate(window, window.size(), agg[0], agg[1], agg[2], agg[3], agg[4], 0);
  }

  private Object result(Aggregate a) {
    return switch (builtin.name()) {
      case AVERAGE -> a.sum() / a.count();
      case MIN -> a.min();
      case MAX -> a.max();
      case SUM -> a.sum();
      case COUNT -> a.count();
      case EWMA -> a.ewma();
      case VWAP -> {
        if (a.weightSum() == 0) {
          throw new EvaluationException(
              "vwap is undefined while the total " + builtin.weightField().get() + " is 0");
        }
        yield a.weightedSum() / a.weightSum();
      }
    };
  }

  @Override
  Map<String, Object> describeState(Object state) {
    Aggregate a = (Aggregate) state;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", a.count());
    switch (builtin.name()) {
      case AVERAGE, SUM -> out.put("sum", a.sum());
      case MIN -> out.put("min", a.min());
      case MAX -> out.put("max", a.max());
      case EWMA -> out.put("ewma", a.ewma());
      case VWAP -> {
        out.put("price_volume", a.weightedSum());
        out.put("volume", a.weightSum());
      }
      case COUNT -> {}
    }
    return out;
  }
}
