package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import dev.processors.examples.LiveCommentator.Kind;
import dev.processors.examples.LiveCommentator.Report;
import dev.processors.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LiveCommentatorTest {
  private static final LiveCommentator.Timing FAST =
      new LiveCommentator.Timing(
          66, Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ZERO);

  /** Waits (in real time, bounded) until the detector has looked at {@code ticks} ticks. */
  private static void awaitDetections(LiveCommentator commentator, long ticks) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (commentator.events().stats().detections() < ticks) {
      assertThat(System.nanoTime()).as("detections of %d ticks", ticks).isLessThan(deadline);
      Thread.sleep(1);
    }
  }

  /** The seq of the tick reported last before {@code index}. */
  private static int tickBefore(List<Report> reports, int index) {
    for (int i = index - 1; i >= 0; i--) {
      if (reports.get(i).kind() == Kind.TICK) {
        return Integer.parseInt(reports.get(i).text().replaceAll(".*\"seq\":(\\d+).*", "$1"));
      }
    }
    return -1;
  }

  private static List<Integer> indexes(List<Report> reports, Kind kind) {
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < reports.size(); i++) {
      if (reports.get(i).kind() == kind) {
        at.add(i);
      }
    }
    return at;
  }

  @Test
  void commentsOnTheRallyAndTheSellOffButDebouncesTheSpikeInBetween() throws Exception {
    VirtualClock clock = Clock.virtual();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Report> reports;
    List<RecordedRequest> requests;
    try (ExampleModel models = ExampleModel.simulated();
        var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      LiveCommentator commentator = LiveCommentator.create(models, clock, FAST);
      CompletableFuture<List<Report>> run =
          CompletableFuture.supplyAsync(
              () -> commentator.run(new PrintStream(bytes, true, StandardCharsets.UTF_8)),
              executor);
      // Lockstep: each tick is through the detector before the clock moves to the next one, so
      // the debouncing sees exact tick times.
      for (int sent = 1; sent < FAST.ticks(); sent++) {
        clock.awaitSleepers(1);
        awaitDetections(commentator, sent);
        clock.advance(FAST.tickInterval());
      }
      reports = run.get(20, TimeUnit.SECONDS);
      requests = models.fakeServer().orElseThrow().requests();
      assertThat(commentator.events().stats().debounced()).isPositive();
    }

    assertThat(indexes(reports, Kind.TICK)).hasSize(FAST.ticks());
    List<Integer> events = indexes(reports, Kind.EVENT);
    List<Integer> calms = indexes(reports, Kind.CALM);
    List<Integer> comments = indexes(reports, Kind.COMMENT);
    assertThat(events).hasSize(2);
    assertThat(calms).hasSize(2);
    assertThat(comments).hasSize(2);

    // the rally (ticks 15-18) is confirmed on its third tick, the sell-off (50-53) too
    assertThat(tickBefore(reports, events.get(0))).isEqualTo(17);
    assertThat(reports.get(events.get(0)).text()).startsWith("big move: ACME up");
    assertThat(tickBefore(reports, events.get(1))).isEqualTo(52);
    assertThat(reports.get(events.get(1)).text()).startsWith("big move: ACME down");
    // the spike at ticks 27-29 came within minInterval of the rally: no event for it
    assertThat(calms.get(0)).isBetween(events.get(0), events.get(1));

    // each comment follows its own event, and talks about that move
    assertThat(comments.get(0)).isGreaterThan(events.get(0));
    assertThat(comments.get(1)).isGreaterThan(events.get(1));
    assertThat(reports.get(comments.get(0)).text()).startsWith("[simulated] ACME rockets");
    assertThat(reports.get(comments.get(1)).text()).startsWith("[simulated] Ouch: ACME slides");
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).body()).contains("ACME up").contains("in 5 ticks");
    assertThat(requests.get(1).body()).contains("ACME down");

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("EVENT   big move: ACME up")
        .contains("COMMENT [simulated] ACME rockets")
        .contains("done: 66 ticks, 2 move events, 2 comments");
  }
}
