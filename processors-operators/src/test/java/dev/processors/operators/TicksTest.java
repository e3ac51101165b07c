package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TicksTest {
  private static final long SECOND = Duration.ofSeconds(1).toNanos();

  private static JsonNode json(ProcessorPart part) {
    return ((Content.Json) part.content()).node();
  }

  private static List<JsonNode> drain(Iterable<ProcessorPart> ticks) {
    List<JsonNode> out = new ArrayList<>();
    ticks.forEach(p -> out.add(json(p)));
    return out;
  }

  @Test
  void eachTickArrivesAtItsOwnSlotOfADriftFreeScheduleOnTheClock() throws Exception {
    VirtualClock clock = VirtualClock.create();
    long start = clock.nanoTime();
    BlockingQueue<long[]> arrivals = new LinkedBlockingQueue<>(); // {seq, time}
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (ProcessorPart p : Ticks.of("XYZ", 4, Duration.ofSeconds(1), clock)) {
                    arrivals.add(new long[] {json(p).get("seq").asLong(), clock.nanoTime()});
                  }
                });
    assertThat(arrivals.poll(10, TimeUnit.SECONDS)).containsExactly(0, start);
    clock.awaitSleepers(1);
    assertThat(clock.nextDeadline()).hasValue(start + SECOND);
    assertThat(arrivals).isEmpty();
    clock.advance(Duration.ofMillis(1500)); // late: the next slot stays at 2 s, not 2.5 s
    assertThat(arrivals.poll(10, TimeUnit.SECONDS)).containsExactly(1, start + 1500_000_000L);
    clock.awaitSleepers(1);
    assertThat(clock.nextDeadline()).hasValue(start + 2 * SECOND);
    assertThat(clock.advanceToNextDeadline()).isEqualTo(start + 2 * SECOND);
    assertThat(arrivals.poll(10, TimeUnit.SECONDS)).containsExactly(2, start + 2 * SECOND);
    assertThat(clock.advanceToNextDeadline()).isEqualTo(start + 3 * SECOND);
    assertThat(arrivals.poll(10, TimeUnit.SECONDS)).containsExactly(3, start + 3 * SECOND);
    reader.join(10_000);
    assertThat(reader.isAlive()).isFalse();
    assertThat(arrivals).isEmpty();
  }

  @Test
  void aFeedHoldsCountTicksOfTheSymbolAndEndsThere() {
    Iterator<ProcessorPart> it =
        Ticks.of("ABC", 3, Duration.ZERO, VirtualClock.create()).iterator();
    List<JsonNode> ticks = new ArrayList<>();
    while (it.hasNext()) {
      ticks.add(json(it.next()));
    }
    assertThat(ticks).extracting(t -> t.get("seq").asInt()).containsExactly(0, 1, 2);
    assertThat(ticks).extracting(t -> t.get("symbol").asText()).containsOnly("ABC");
    assertThat(ticks.get(0).fieldNames())
        .toIterable()
        .containsExactly("symbol", "seq", "price", "volume");
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(it::next).isInstanceOf(NoSuchElementException.class);
    assertThat(Ticks.of("ABC", 0, Duration.ZERO, VirtualClock.create())).isEmpty();
  }

  @Test
  void pricesWalkRandomlyFromOneHundredInCentsAndVolumesAreRoundLots() {
    List<JsonNode> ticks = drain(Ticks.of("XYZ", 200, Duration.ZERO, VirtualClock.create()));
    double previous = 100;
    int rises = 0;
    int falls = 0;
    for (JsonNode t : ticks) {
      double price = t.get("price").asDouble();
      assertThat(price * 100)
          .isCloseTo(Math.rint(price * 100), org.assertj.core.data.Offset.offset(1e-6));
      // each step moves the price by at most half a percent (plus the rounding to cents)
      assertThat(Math.abs(price - previous)).isLessThanOrEqualTo(previous * 0.005 + 0.01);
      rises += price > previous ? 1 : 0;
      falls += price < previous ? 1 : 0;
      previous = price;
      double volume = t.get("volume").asDouble();
      assertThat(volume).isBetween(100.0, 1050.0);
      assertThat(volume % 50).isZero();
    }
    assertThat(Math.abs(ticks.get(0).get("price").asDouble() - 100)).isLessThanOrEqualTo(0.51);
    assertThat(rises).isGreaterThan(50);
    assertThat(falls).isGreaterThan(50);
    assertThat(ticks).extracting(t -> t.get("volume").asDouble()).anyMatch(v -> v > 500);
  }

  @Test
  void everyIteratorIsANewFeedWithTheSameValues() {
    Ticks ticks = Ticks.of("XYZ", 20, Duration.ZERO, VirtualClock.create());
    assertThat(drain(ticks)).isEqualTo(drain(ticks));
  }

  @Test
  void anInterruptEndsTheFeedWithACancellationAndKeepsTheInterruptFlag() throws Exception {
    VirtualClock clock = VirtualClock.create();
    AtomicReference<Throwable> ended = new AtomicReference<>();
    AtomicReference<Boolean> flag = new AtomicReference<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    for (ProcessorPart p : Ticks.of("XYZ", 5, Duration.ofSeconds(1), clock)) {
                      json(p);
                    }
                  } catch (RuntimeException e) {
                    ended.set(e);
                    flag.set(Thread.currentThread().isInterrupted());
                  }
                });
    clock.awaitSleepers(1);
    reader.interrupt();
    reader.join(10_000);
    assertThat(ended.get())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("tick feed was stopped");
    assertThat(flag.get()).isTrue();
  }

  @Test
  void aNegativeCountOrIntervalIsRejected() {
    VirtualClock clock = VirtualClock.create();
    assertThatThrownBy(() -> Ticks.of("XYZ", -1, Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
    assertThatThrownBy(() -> Ticks.of("XYZ", 1, Duration.ofNanos(-1), clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }
}
