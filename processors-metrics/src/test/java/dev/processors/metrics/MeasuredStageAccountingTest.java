package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a measured stage counts as its errors, outputs, interruptions and its own time. */
class MeasuredStageAccountingTest {
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);

  private StageSnapshot stage(String name) {
    return metrics.snapshot().stage(name).orElseThrow();
  }

  private static Processor failingWith(Exception e) {
    return (in, out) -> {
      in.toList();
      throw e;
    };
  }

  @Test
  void aStreamStageFailureIsTypedByItsCauseAndStageOrByItsOwnClass() {
    Processor wrapped =
        metrics.wrap("llm", failingWith(new ProcessorException("model", new IOException("reset"))));
    Processor plain = metrics.wrap("tts", failingWith(new IllegalStateException("no voice")));
    Processor bare =
        metrics.wrap("stt", failingWith(new ProcessorException("mic", "no device", null)));

    assertThatThrownBy(() -> wrapped.apply("x")).hasStackTraceContaining("reset");
    assertThatThrownBy(() -> plain.apply("x")).hasStackTraceContaining("no voice");
    assertThatThrownBy(() -> bare.apply("x")).hasStackTraceContaining("no device");

    assertThat(stage("llm").errorTypes()).isEqualTo(Map.of("IOException in model", 1L));
    assertThat(stage("tts").errorTypes()).isEqualTo(Map.of("IllegalStateException", 1L));
    assertThat(stage("stt").errorTypes()).isEqualTo(Map.of("ProcessorException", 1L));
  }

  @Test
  void aFailureOfTheConsumerIsNotCountedAsTheStagesError() {
    Processor echo =
        metrics.wrap(
            "echo",
            (Processor)
                (in, out) -> {
                  for (ProcessorPart p : in) {
                    out.emit(p);
                  }
                });
    PartSink brokenSpeaker =
        part -> {
          throw new IllegalStateException("speaker unplugged");
        };

    assertThatThrownBy(
            () -> echo.process(PartStream.of(List.of(ProcessorPart.text("a"))), brokenSpeaker))
        .hasMessage("speaker unplugged");

    assertThat(stage("echo").errors()).isZero();
    assertThat(stage("echo").partsOut()).isEqualTo(1);
  }

  @Test
  void aMeasuredProcessorKeepsItsOwnNameAndDescribesItselfForLogs() {
    Processor inner = ((Processor) (in, out) -> {}).named("inner");
    Processor measured = metrics.instrument("agent", inner);
    PartProcessor part = metrics.wrap("tts", ((PartProcessor) (p, out) -> {}).named("voice"));

    assertThat(measured.name()).isEqualTo("inner");
    assertThat(measured.toString()).isEqualTo("measured(agent: inner)");
    assertThat(part.name()).isEqualTo("voice");
    assertThat(part.toString()).isEqualTo("measured(tts: voice)");
    assertThat(metrics.stage("tts").toString()).isEqualTo("StageMetrics[tts]");
  }

  @Test
  void errorPartsCountAsErrorsAndInterruptionsAsInterruptionsNotAsOutput() {
    PartProcessor speaker =
        (part, out) -> {
          out.emit(ProcessorPart.status("progress"));
          out.emit(
              ProcessorPart.status("tts failed")
                  .withMetadata(ProcessorPart.ERROR, true)
                  .withMetadata(ProcessorPart.STAGE, "voice"));
          out.emit(ProcessorPart.interrupted());
          out.emit(part);
        };

    metrics.wrap("tts", speaker).apply("hi");

    StageSnapshot s = stage("tts");
    assertThat(s.errors()).isEqualTo(1);
    assertThat(s.errorTypes()).isEqualTo(Map.of("voice", 1L));
    assertThat(s.interruptions()).isEqualTo(1);
    assertThat(s.partsOut())
        .as("the interruption signal and the text, not the status parts")
        .isEqualTo(2);
  }

  @Test
  void theSameWrapperTwiceInOneChainKeepsEachCallsOwnSink() {
    PartProcessor doubler =
        metrics.wrap(
            "doubler",
            (part, out) -> {
              out.emit(part);
              out.emit(part);
            });

    List<ProcessorPart> out = doubler.andThen(doubler).apply("x");

    assertThat(out).hasSize(4);
    assertThat(stage("doubler").partsIn()).isEqualTo(3);
    assertThat(stage("doubler").partsOut()).isEqualTo(6);
  }

  @Test
  void timeToFirstOutputLeavesOutTimeLaterStagesSpentOnEarlierStatusParts() {
    PartProcessor first =
        (part, out) -> {
          out.emit(ProcessorPart.status("starting"));
          clock.advance(Duration.ofMillis(5));
          out.emit(part);
        };
    PartProcessor slowNext =
        (part, out) -> {
          clock.advance(Duration.ofMillis(20));
          out.emit(part);
        };

    metrics.wrap("first", first).andThen(metrics.wrap("next", slowNext)).apply("x");

    assertThat(stage("first").firstOutput().maxNanos() / 1e6).isCloseTo(5, within(0.06));
    assertThat(stage("first").processing().maxNanos() / 1e6).isCloseTo(5, within(0.06));
  }

  /** Waits {@code waitMillis} on the metrics' clock, works, emits, works, maybe fails. */
  private PartProcessor stageThat(long waitMillis, long before, long after, boolean fails) {
    Clock pacing = metrics.clock();
    return (part, out) -> {
      pacing.sleepUntil(pacing.nanoTime() + Duration.ofMillis(waitMillis).toNanos());
      clock.advance(Duration.ofMillis(before));
      out.emit(part);
      clock.advance(Duration.ofMillis(after));
      if (fails) {
        throw new IllegalStateException("boom");
      }
    };
  }

  @Test
  void aFailingCallIsTimedLikeAnyOtherWithoutItsWaitsAndLaterStages() throws Exception {
    // first waits 10 and works 2; mid waits 20, works 3, hands on to last (waits 5, works 4),
    // works 1 more and fails: each stage's own work is what its processing time shows
    PartProcessor chain =
        metrics
            .wrap("first", stageThat(10, 2, 1, false))
            .andThen(metrics.wrap("mid", stageThat(20, 3, 1, true)))
            .andThen(metrics.wrap("last", stageThat(5, 4, 0, false)));

    List<ProcessorPart> seen = new ArrayList<>();
    try (ProcessorRun run = chain.start(List.of(ProcessorPart.text("x")))) {
      for (int i = 0; i < 3; i++) {
        clock.advanceToNextDeadline();
      }
      assertThatThrownBy(() -> run.forEach(seen::add)).hasStackTraceContaining("boom");
    }

    assertThat(stage("mid").errors()).isEqualTo(1);
    assertThat(stage("first").errors()).as("a later stage's failure").isZero();
    assertMillis(stage("first").processing().maxNanos(), 2);
    assertMillis(stage("mid").processing().maxNanos(), 4);
    assertMillis(stage("last").processing().maxNanos(), 4);
  }

  private static void assertMillis(long nanos, double millis) {
    assertThat(nanos / 1e6).isCloseTo(millis, within(0.04));
  }
}
