package dev.processors.examples;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * A simulated live feed of stock prices: one tick per {@code interval} on a {@link Clock}, from a
 * drift-free schedule (tick n at start + n × interval). Prices follow a seeded random walk with a
 * few scripted moves (a rally, a short second spike, a sell-off), so every run tells the same
 * story.
 *
 * <p>Each tick is a JSON part: {@code {"symbol","seq","price","change_pct"}}, where {@code
 * change_pct} is the move over the last {@value #WINDOW} ticks. Iterating blocks on the clock; an
 * interrupt (a closed run) ends it with a {@link CancellationException}. Each iterator is a new
 * feed.
 */
final class StockTicks implements Iterable<ProcessorPart> {
  /** Ticks over which {@code change_pct} is measured. */
  static final int WINDOW = 5;

  private final String symbol;
  private final int count;
  private final Duration interval;
  private final Clock clock;

  private StockTicks(String symbol, int count, Duration interval, Clock clock) {
    this.symbol = symbol;
    this.count = count;
    this.interval = interval;
    this.clock = clock;
  }

  /** {@code count} ticks of {@code symbol}, one per {@code interval} of {@code clock}. */
  static StockTicks of(String symbol, int count, Duration interval, Clock clock) {
    return new StockTicks(symbol, count, interval, clock);
  }

  /** The scripted drift of tick {@code n}, in percent; the noise comes on top. */
  static double scriptedMove(int n) {
    if (n >= 15 && n <= 18) {
      return 0.7; // a rally
    }
    if (n >= 27 && n <= 29) {
      return 0.65; // a second spike, soon after the first
    }
    if (n >= 50 && n <= 53) {
      return -0.8; // a sell-off
    }
    return 0;
  }

  @Override
  public Iterator<ProcessorPart> iterator() {
    return new Iterator<>() {
      private final Random random = new Random(42);
      private final double[] recent = new double[WINDOW + 1];
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
        price *= 1 + (scriptedMove(n) + random.nextGaussian() * 0.06) / 100;
        recent[n % recent.length] = price;
        double before = recent[Math.max(0, n - WINDOW) % recent.length];
        Map<String, Object> tick = new LinkedHashMap<>();
        tick.put("symbol", symbol);
        tick.put("seq", n);
        tick.put("price", Math.round(price * 100) / 100.0);
        tick.put("change_pct", Math.round((price / before - 1) * 10_000) / 100.0);
        n++;
        return ProcessorPart.jsonOf(tick);
      }
    };
  }
}
