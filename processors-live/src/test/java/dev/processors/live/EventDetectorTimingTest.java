package dev.processors.live;

import static dev.processors.live.EventDetectorTest.TEXT_STATE;
import static dev.processors.live.EventDetectorTest.events;
import static dev.processors.live.EventDetectorTest.feed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link EventDetector}'s debouncing, ages, streaks and counters on the virtual clock. */
@ExtendWith(LeakCheck.class) // no thread of a run outlives the test
@Timeout(60) // a run that never ends fails instead of hanging the build
class EventDetectorTimingTest {

  @Test
  void anEventFiresAgainExactlyWhenTheMinimumIntervalHasPassed() throws Exception {
    VirtualClock clock = Clock.virtual();
    clock.advance(Duration.ofSeconds(20));
    EventDetector events =
        EventDetector.builder()
            .detector("d", TEXT_STATE)
            .onTransition("*", "*", ProcessorPart.text("event"))
            .minInterval(Duration.ofSeconds(10)) // for every kind of event
            .maxConcurrentDetections(1)
            .clock(clock)
            .build();
    // on at 20 s, off at 22 s, on at 24, 26 and 28 s (debounced: less than 10 s after the last
    // "on"), on at 30 s (exactly 10 s: fires).
    List<ProcessorPart> out =
        feed(events, clock, Duration.ofSeconds(2), "on", "off", "on", "on", "on", "on");
    assertThat(events(out)).containsExactly("unknown->on:event", "on->off:event", "off->on:event");
    assertThat(events.stats().debounced()).isEqualTo(3);
    assertThat(events.stats().detected()).isEqualTo(3);
  }

  @Test
  void aRuleForOneDetectorIgnoresTheOthers() throws Exception {
    EventDetector events =
        EventDetector.builder()
            .detector("cam", TEXT_STATE, p -> p.text().orElseThrow().startsWith("c"))
            .detector("mic", TEXT_STATE, p -> p.text().orElseThrow().startsWith("m"))
            .onTransition("mic", "*", "*", ProcessorPart.text("speak up"))
            .maxConcurrentDetections(1)
            .build();
    assertThat(events.name()).isEqualTo("events[cam, mic]");
    List<ProcessorPart> out = feed(events, null, null, "cloud", "mloud");
    assertThat(events(out)).containsExactly("unknown->mloud:speak up");
    assertThat(out.stream().filter(p -> p.metadata().containsKey(EventDetector.EVENT_TO)))
        .allSatisfy(
            p -> assertThat(p.metadata()).containsEntry(EventDetector.EVENT_DETECTOR, "mic"));
    assertThat(events.stats().detectedByEvent())
        .containsExactly(
            java.util.Map.entry("cam:cloud", 1L), java.util.Map.entry("mic:mloud", 1L));
  }

  @Test
  void alternatingDetectionsNeverConfirmAState() throws Exception {
    EventDetector events =
        EventDetector.builder()
            .detector("d", TEXT_STATE)
            .onTransition("*", "*", ProcessorPart.text("event"))
            .confirmations(2)
            .maxConcurrentDetections(1)
            .build();
    assertThat(events(feed(events, null, null, "on", "off", "on", "off"))).isEmpty();
    assertThat(events.stats().detected()).isZero();
    assertThat(events(feed(events, null, null, "on", "off", "off")))
        .containsExactly("unknown->off:event");
    assertThat(EventDetector.builder().confirmations(1)).isNotNull();
    assertThatThrownBy(() -> EventDetector.builder().confirmations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("confirmations");
  }

  @Test
  void latencyIsTheVirtualTimeFromAPartsArrivalToItsResult() throws Exception {
    VirtualClock clock = Clock.virtual();
    clock.advance(Duration.ofSeconds(1));
    Detector slow =
        p -> {
          clock.advance(Duration.ofMillis(300)); // the detection takes 300 ms
          return Optional.of(Detection.of(p.text().orElseThrow()));
        };
    EventDetector events =
        EventDetector.builder()
            .detector("d", slow)
            .maxConcurrentDetections(1)
            .maxAge(Duration.ofSeconds(5))
            .clock(clock)
            .build();
    feed(events, null, null, "on", "off");
    EventDetector.Stats stats = events.stats();
    assertThat(stats.detections()).isEqualTo(2);
    assertThat(stats.meanLatency()).isEqualTo(Duration.ofMillis(300));
    assertThat(stats.maxLatency()).isEqualTo(Duration.ofMillis(300));
  }

  @Test
  void aPartExactlyMaxAgeOldIsStillAnalysed() throws Exception {
    VirtualClock clock = Clock.virtual();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> analysed = Collections.synchronizedList(new ArrayList<>());
    Detector slow =
        p -> {
          analysed.add(p.text().orElseThrow());
          if (p.text().orElseThrow().equals("a")) {
            firstStarted.countDown();
            releaseFirst.await();
          }
          return Optional.of(Detection.of(p.text().orElseThrow()));
        };
    EventDetector events =
        EventDetector.builder()
            .detector("d", slow)
            .maxConcurrentDetections(1)
            .maxAge(Duration.ofSeconds(2))
            .clock(clock)
            .build();
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = events.start(in)) {
      in.putText("a");
      assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
      in.putText("b"); // waits for the busy detector
      in.putText("c"); // supersedes b
      awaitSuperseded(events);
      clock.advance(Duration.ofSeconds(2)); // c is exactly 2 s old when its detection starts
      releaseFirst.countDown();
      in.close();
      run.toList();
    }
    assertThat(analysed).containsExactly("a", "c");
    assertThat(events.stats().stale()).isZero();
  }

  @Test
  void aRunWhoseInputFailsStopsAnalysingAndEndsWithTheDetectionInFlight() throws Exception {
    CountDownLatch firstStarted = new CountDownLatch(1);
    List<String> analysed = Collections.synchronizedList(new ArrayList<>());
    Detector stuck =
        p -> {
          analysed.add(p.text().orElseThrow());
          if (p.text().orElseThrow().equals("a")) {
            firstStarted.countDown();
            new CountDownLatch(1).await(); // until the run ends
          }
          return Optional.of(Detection.of(p.text().orElseThrow()));
        };
    EventDetector events =
        EventDetector.builder().detector("d", stuck).maxConcurrentDetections(1).build();
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = events.start(in)) {
      in.putText("a");
      assertThat(firstStarted.await(10, TimeUnit.SECONDS)).isTrue();
      in.putText("b");
      in.putText("c"); // waits, having replaced b
      awaitSuperseded(events);
      in.fail(new IllegalStateException("microphone unplugged"));
      assertThatThrownBy(run::toList).hasStackTraceContaining("microphone unplugged");
    }
    assertThat(analysed).containsExactly("a");
  }

  private static void awaitSuperseded(EventDetector events) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (events.stats().superseded() < 1) { // the stage has taken c (and c replaced b)
      assertThat(System.nanoTime() - deadline).as("c was never submitted").isNegative();
      Thread.sleep(1);
    }
  }
}
