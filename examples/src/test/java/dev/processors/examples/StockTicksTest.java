package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StockTicksTest {

  private static JsonNode node(ProcessorPart part) {
    return ((Content.Json) part.content()).node();
  }

  @Test
  void ticksComeOnADriftFreeScheduleOfTheClock() throws Exception {
    VirtualClock clock = Clock.virtual();
    List<Long> times = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (ProcessorPart ignored :
                      StockTicks.of("ACME", 4, Duration.ofMillis(250), clock)) {
                    times.add(clock.nanoTime() / 1_000_000);
                  }
                });
    clock.awaitSleepers(1);
    assertThat(times).containsExactly(0L); // the first tick at once, the second waits
    clock.advance(Duration.ofMillis(100));
    clock.advance(Duration.ofMillis(200)); // late by 50 ms: the schedule does not slip
    clock.awaitSleepers(1);
    clock.advance(Duration.ofMillis(200));
    clock.awaitSleepers(1);
    clock.advance(Duration.ofMillis(250));
    reader.join();
    assertThat(times).containsExactly(0L, 300L, 500L, 750L);
  }

  @Test
  void everyFeedTellsTheSameStoryWithTheMoveOverFiveTicks() {
    StockTicks feed = StockTicks.of("ACME", 30, Duration.ZERO, Clock.virtual());
    List<JsonNode> first = new ArrayList<>();
    feed.forEach(p -> first.add(node(p)));
    List<JsonNode> second = new ArrayList<>();
    feed.forEach(p -> second.add(node(p)));
    assertThat(second).isEqualTo(first);

    JsonNode t20 = first.get(20);
    double expected = (t20.path("price").asDouble() / first.get(15).path("price").asDouble() - 1);
    assertThat(t20.path("change_pct").asDouble()).isCloseTo(expected * 100, within(0.02));
    assertThat(t20.path("seq").asInt()).isEqualTo(20);
    // the scripted rally (ticks 15-18) moves the price by well over 1.2%
    assertThat(first.get(18).path("change_pct").asDouble()).isGreaterThan(1.2);
    Iterator<ProcessorPart> it = feed.iterator();
    assertThat(node(it.next()).path("change_pct").asDouble()).isZero();
  }

  private static org.assertj.core.data.Offset<Double> within(double d) {
    return org.assertj.core.data.Offset.offset(d);
  }
}
