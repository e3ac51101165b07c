package dev.processors.operators;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;

/**
 * Generated stock ticks for offline use: {@code count} JSON parts {@code {"symbol", "seq", "price",
 * "volume"}} (the fields of {@link ValueSchema#ticks()}), one per {@code interval} on a drift-free
 * schedule of the clock, prices on a seeded random walk from 100. Each iterator is a new feed with
 * the same values; iterating blocks on the clock, and an interrupt ends it with a {@link
 * CancellationException}.
 */
public final class Ticks implements Iterable<ProcessorPart> {
  private final String symbol;
  private final int count;
  private final Duration interval;
  private final Clock clock;
  private final long seed;

  private Ticks(String symbol, int count, Duration interval, Clock clock, long seed) {
    this.symbol = symbol;
    this.count = count;
    this.interval = interval;
    this.clock = clock;
    this.seed = seed;
  }

  /**
   * {@code count} ticks of {@code symbol}, one per {@code interval} of {@code clock} (zero: as fast
   * as they are read).
   *
   * @throws IllegalArgumentException if {@code count} or {@code interval} is negative
   */
  public static Ticks of(String symbol, int count, Duration interval, Clock clock) {
    Objects.requireNonNull(symbol, "symbol");
    Objects.requireNonNull(clock, "clock");
    if (count < 0 || interval.isNegative()) {
      throw new IllegalArgumentException("count and interval must not be negative");
    }
    return new Ticks(symbol, count, interval, clock, 7);
  }

  /** The tick {@code n} of a feed with this seed, without waiting: for tests and samples. */
  static Map<String, Object> tick(String symbol, int n, double price, SplittableRandom random) {
    Map<String, Object> tick = new LinkedHashMap<>();
    tick.put("symbol", symbol);
    tick.put("seq", n);
    tick.put("price", Math.round(price * 100) / 100.0);
    tick.put("volume", (double) (100 + 50 * random.nextInt(20)));
    return tick;
  }

  @Override
  public Iterator<ProcessorPart> iterator() {
    return new Iterator<>() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private final long start = clock.nanoTime();
      private double price = 100;
      private int n;

      @Override
      public boolean hasNext() {
        return n < count;
      }

      @Override
      public ProcessorPart next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        try {
          clock.sleepUntil(start + n * interval.toNanos());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new CancellationException("the tick feed was stopped");
        }
        price *= 1 + (random.nextDouble() - 0.5) / 100;
        return ProcessorPart.jsonOf(tick(symbol, n++, price, random));
      }
    };
  }
}
