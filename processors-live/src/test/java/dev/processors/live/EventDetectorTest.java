package dev.processors.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.LeakCheck;
import dev.processors.testkit.RecordingThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class) // no thread of a run outlives the test
class EventDetectorTest {

  /** Observes the part's text as the state ("-" = no observation). */
  static final Detector TEXT_STATE = Detector.of(p -> p.text().filter(t -> !t.equals("-")));

  /** Feeds parts one at a time, waiting for each detection, and returns everything emitted. */
  static List<ProcessorPart> feed(
      EventDetector events, VirtualClock clock, Duration step, String... states) throws Exception {
    PartQueue in = PartQueue.create();
    List<ProcessorPart> out = new ArrayList<>();
    try (ProcessorRun run = events.start(in)) {
      long done = events.stats().detections() + events.stats().failed() + events.stats().stale();
      for (String s : states) {
        in.putText(s);
        done++;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (events.stats().detections() + events.stats().failed() + events.stats().stale()
            < done) {
          if (System.nanoTime() > deadline) {
            throw new AssertionError("detection did not finish");
          }
          Thread.sleep(1);
        }
        if (clock != null) {
          clock.advance(step);
        }
      }
      in.close();
      out.addAll(run.toList());
    }
    return out;
  }

  static List<String> events(List<ProcessorPart> out) {
    return out.stream()
        .filter(p -> p.metadata().containsKey(EventDetector.EVENT_TO))
        .map(
            p ->
                p.metadataString(EventDetector.EVENT_FROM).orElseThrow()
                    + "->"
                    + p.metadataString(EventDetector.EVENT_TO).orElseThrow()
                    + ":"
                    + p.text().orElse(""))
        .toList();
  }

  @Test
  void transitionsWithWildcardsEmitTheConfiguredPartsAndTheStreamPassesThrough() throws Exception {
    EventDetector events =
        EventDetector.builder()
            .detector("cam", TEXT_STATE)
            .onTransition("*", "person", ProcessorPart.text("hello"))
            .onTransition("person", "empty", ProcessorPart.text("bye"))
            .onTransition("unknown", "*", ProcessorPart.text("first sight"))
            .maxConcurrentDetections(1)
            .build();
    List<ProcessorPart> out = feed(events, null, null, "person", "person", "empty", "person");
    assertThat(events(out))
        .containsExactly(
            "unknown->person:hello",
            "unknown->person:first sight",
            "person->empty:bye",
            "empty->person:hello");
    assertThat(
            out.stream()
                .filter(p -> !p.metadata().containsKey(EventDetector.EVENT_TO))
                .map(p -> p.text().orElseThrow()))
        .containsExactly("person", "person", "empty", "person");
    assertThat(events.stats().detected()).isEqualTo(3);
    assertThat(events.stats().detectedByEvent())
        .containsExactly(Map.entry("cam:empty", 1L), Map.entry("cam:person", 2L));
    assertThat(out)
        .filteredOn(p -> p.metadata().containsKey(EventDetector.EVENT_TO))
        .allSatisfy(
            p -> assertThat(p.metadata()).containsEntry(EventDetector.EVENT_CONFIDENCE, 1.0));
  }

  @Test
  void nIdenticalDetectionsInARowMeansN() throws Exception {
    EventDetector events =
        EventDetector.builder()
            .detector("d", TEXT_STATE)
            .onTransition("*", "on", ProcessorPart.text("on!"))
            .confirmations(3)
            .maxConcurrentDetections(1)
            .build();
    assertThat(events(feed(events, null, null, "on", "on"))).isEmpty();
    assertThat(events(feed(events, null, null, "on", "on", "on"))).hasSize(1);
    // A different detection breaks the streak.
    assertThat(events(feed(events, null, null, "on", "on", "off", "on", "on"))).isEmpty();
  }

  @Test
  void theMinimumIntervalDebouncesEventsOfTheSameKind() throws Exception {
    VirtualClock clock = Clock.virtual();
    EventDetector events =
        EventDetector.builder()
            .detector("d", TEXT_STATE)
            .onTransition("*", "*", ProcessorPart.text("event"))
            .minInterval("on", Duration.ofSeconds(10))
            .maxConcurrentDetections(1)
            .clock(clock)
            .build();
    // on at 0 s, off at 3 s, on at 6 s (debounced: 6 s after the last "on"), on at 9 s
    // (still debounced), on at 12 s (fires).
    List<ProcessorPart> out =
        feed(events, clock, Duration.ofSeconds(3), "on", "off", "on", "on", "on");
    assertThat(events(out)).containsExactly("unknown->on:event", "on->off:event", "off->on:event");
    assertThat(events.stats().debounced()).isEqualTo(2);
  }

  @Test
  void aScoredDetectorUsesHysteresis() throws Exception {
    EventDetector events =
        EventDetector.builder()
            .detector(
                "loud", Detector.scored(p -> Double.parseDouble(p.text().orElseThrow()), 0.8, 0.3))
            .onTransition("*", "*", ProcessorPart.text("change"))
            .maxConcurrentDetections(1)
            .build();
    List<ProcessorPart> out =
        feed(events, null, null, "0.5", "0.9", "0.6", "0.35", "0.2", "0.5", "0.79", "0.8");
    assertThat(events(out))
        .containsExactly("unknown->on:change", "on->off:change", "off->on:change");
    assertThatThrownBy(() -> Detector.scored(p -> 0, 0.3, 0.8))
        .hasMessageContaining("offThreshold < onThreshold");
  }

  @Test
  void partsOlderThanMaxAgeAreNotAnalysed() throws Exception {
    VirtualClock clock = Clock.virtual();
    CountDownLatch firstStarted = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    List<String> analysed = java.util.Collections.synchronizedList(new ArrayList<>());
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
      assertThat(firstStarted.await(5, TimeUnit.SECONDS)).isTrue();
      in.putText("b"); // waits for the busy detector
      in.putText("c"); // supersedes b
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (events.stats().superseded() < 1) { // the stage has taken c (and c replaced b)
        assertThat(System.nanoTime()).as("c was never submitted").isLessThan(deadline);
        Thread.sleep(1);
      }
      clock.advance(Duration.ofSeconds(3)); // c is now too old
      releaseFirst.countDown();
      in.close();
      run.toList();
    }
    assertThat(analysed).containsExactly("a");
    assertThat(events.stats().stale()).isEqualTo(1);
    assertThat(events.stats().superseded()).isEqualTo(1);
  }

  @Test
  void aFailingDetectorBecomesADebugPartAndTheStreamGoesOn() throws Exception {
    EventDetector events =
        EventDetector.builder()
            .detector(
                "flaky",
                p -> {
                  throw new IllegalStateException("camera offline");
                })
            .build();
    List<ProcessorPart> out =
        events.apply(List.of(ProcessorPart.text("x"), ProcessorPart.text("y")));
    assertThat(out).contains(ProcessorPart.text("x"), ProcessorPart.text("y"));
    assertThat(out)
        .anySatisfy(
            p -> {
              assertThat(p.substream()).isEqualTo(ProcessorPart.DEBUG);
              assertThat(p.text().orElseThrow())
                  .contains("detector 'flaky' failed: IllegalStateException: camera offline");
            });
    assertThat(events.stats().failed()).isPositive();
  }

  @Test
  void aClassifiersMostConfidentCandidateIsTheStateAndItsConfidenceTravelsWithTheEvent() {
    Processor classifier =
        (in, out) -> {
          while (in.hasNext()) {
            in.next();
            out.emit(ProcessorPart.text("cat").withMetadata(Detector.CONFIDENCE, 0.4));
            out.emit(ProcessorPart.text(" Person ").withMetadata(Detector.CONFIDENCE, 0.9));
            out.emit(ProcessorPart.text("dog").withMetadata(Detector.CONFIDENCE, 0.7));
          }
        };
    EventDetector events =
        EventDetector.builder()
            .detector("camera", Detector.model(classifier))
            .onTransition("*", "*", ProcessorPart.text("seen"))
            .build();
    List<ProcessorPart> out = events.apply(List.of(ProcessorPart.text("frame")));
    assertThat(events(out)).containsExactly("unknown->person:seen");
    assertThat(out)
        .filteredOn(p -> p.metadata().containsKey(EventDetector.EVENT_TO))
        .singleElement()
        .satisfies(
            p -> assertThat(p.metadata()).containsEntry(EventDetector.EVENT_CONFIDENCE, 0.9));

    Processor outOfRange =
        (in, o) -> {
          while (in.hasNext()) {
            in.next();
            o.emit(ProcessorPart.text("x").withMetadata(Detector.CONFIDENCE, 1.5));
          }
        };
    assertThatThrownBy(() -> Detector.model(outOfRange).detect(ProcessorPart.text("frame")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]")
        .hasMessageContaining("1.5");
  }

  @Test
  void aModelCanBeTheDetectorAndOnlyMatchingPartsAreAnalysed() {
    ScriptedModel vision = ScriptedModel.answering(" Person ");
    EventDetector events =
        EventDetector.builder()
            .detector("camera", Detector.model(vision), p -> p.mimeType().startsWith("image/"))
            .onTransition("*", "person", ProcessorPart.text("someone is here"))
            .build();
    List<ProcessorPart> out =
        events.apply(
            List.of(
                ProcessorPart.text("not an image"),
                ProcessorPart.image(new byte[] {1}, "image/png")));
    assertThat(events(out)).containsExactly("unknown->person:someone is here");
    assertThat(vision.prompts).hasSize(1);
  }

  @Test
  void detectionsAreTasksOfTheRunAndClosingTheRunCancelsThem() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    List<Thread> detectorThreads = new CopyOnWriteArrayList<>();
    CountDownLatch blocked = new CountDownLatch(1);
    CountDownLatch interrupted = new CountDownLatch(1);
    ScriptedModel vision = ScriptedModel.answering("person");
    Processor recordedVision =
        (in, out) -> {
          detectorThreads.add(Thread.currentThread()); // the nested run's stage
          vision.process(in, out);
        };
    Detector askTheModel = Detector.model(recordedVision);
    Detector camera =
        p -> {
          detectorThreads.add(Thread.currentThread());
          return askTheModel.detect(p);
        };
    Detector stuck =
        p -> {
          detectorThreads.add(Thread.currentThread());
          blocked.countDown();
          try {
            new CountDownLatch(1).await();
          } catch (InterruptedException e) {
            interrupted.countDown();
            throw e;
          }
          return Optional.empty();
        };
    EventDetector events =
        EventDetector.builder()
            .detector("camera", camera, p -> p.text().isEmpty())
            .detector("stuck", stuck, p -> p.text().isPresent())
            .onTransition("*", "person", ProcessorPart.text("someone is here"))
            .build();
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = events.start(in, threads.options())) {
      Iterator<ProcessorPart> it = run.iterator();
      in.put(ProcessorPart.image(new byte[] {1}, "image/png"));
      assertThat(it.next().mimeType()).isEqualTo("image/png");
      assertThat(it.next().text()).contains("someone is here");
      in.putText("analysed forever");
      assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
    } // closed while the stuck detector still runs
    assertThat(interrupted.await(0, TimeUnit.SECONDS)).isTrue();
    assertThat(detectorThreads)
        .hasSize(3) // the camera detection, its model's nested run, the stuck detection
        .allSatisfy(t -> assertThat(threads.made(t)).isTrue());
    assertThat(threads.names()).contains("processors:detector camera", "processors:detector stuck");
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void anErrorInADetectorFailsTheRunNamingTheDetection() {
    EventDetector events =
        EventDetector.builder()
            .detector(
                "broken",
                p -> {
                  throw new AssertionError("detector bug");
                })
            .build();
    assertThatThrownBy(() -> events.apply(List.of(ProcessorPart.text("x"))))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("detector broken")
        .hasRootCauseMessage("detector bug");
  }

  @Test
  void aSessionOfThousandsOfDetectionsEndsWithEveryThreadOfTheRunEnded() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    EventDetector events =
        EventDetector.builder()
            .detector("d", TEXT_STATE)
            .onTransition("*", "*", ProcessorPart.text("event"))
            .maxConcurrentDetections(4)
            .clock(Clock.virtual()) // time stands still: no part is ever too old
            .build();
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      input.add(ProcessorPart.text(i % 2 == 0 ? "on" : "off"));
    }
    List<ProcessorPart> out;
    try (ProcessorRun run = events.start(input, threads.options())) {
      out = run.toList();
    }
    assertThat(out.stream().filter(p -> p.text().filter(t -> t.equals("on")).isPresent()))
        .hasSize(1_000); // the stream passed through
    assertThat(threads.alive()).isEmpty();
    assertThat(events.stats().detections() + events.stats().superseded()).isEqualTo(2_000);
  }

  @Test
  void badConfigurationIsRejected() {
    assertThatThrownBy(() -> EventDetector.builder().build())
        .hasMessageContaining("at least one detector");
    assertThatThrownBy(() -> EventDetector.builder().confirmations(0))
        .hasMessageContaining("confirmations");
    assertThatThrownBy(
            () -> EventDetector.builder().detector("a", TEXT_STATE).detector("a", TEXT_STATE))
        .hasMessageContaining("two detectors are named 'a'");
  }
}
