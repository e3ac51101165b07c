package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.PartSink;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * What the wrappers measure, on a virtual clock: stages "work" by moving the clock themselves, so
 * every figure is exact (within the histograms' 1%).
 */
class StageTimingTest {
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);

  private PartProcessor working(long millis) {
    return (part, out) -> {
      clock.advance(Duration.ofMillis(millis));
      out.emit(part);
    };
  }

  private static void assertMillis(long nanos, double millis) {
    assertThat(nanos / 1e6).isCloseTo(millis, within(millis * 0.01 + 1e-6));
  }

  @Test
  void fusedStagesAreTimedWithoutTheTimeSpentInLaterStages() {
    PartProcessor chain = metrics.wrap("a", working(5)).andThen(metrics.wrap("b", working(20)));

    chain.apply(List.of(ProcessorPart.text("x"), ProcessorPart.text("y")));

    StageSnapshot a = metrics.snapshot().stage("a").orElseThrow();
    StageSnapshot b = metrics.snapshot().stage("b").orElseThrow();
    assertThat(a.processing().count()).isEqualTo(2);
    assertMillis(a.processing().p99Nanos(), 5);
    assertMillis(a.firstOutput().p50Nanos(), 5);
    assertMillis(b.processing().p50Nanos(), 20);
    assertThat(a.partsIn()).isEqualTo(2);
    assertThat(a.partsOut()).isEqualTo(2);
  }

  @Test
  void theSameWrapperTwiceInOneChainMeasuresEachCall() {
    PartProcessor twice = metrics.wrap("twice", working(5));

    twice.andThen(twice).apply("x");

    StageSnapshot s = metrics.snapshot().stage("twice").orElseThrow();
    assertThat(s.partsIn()).isEqualTo(2);
    assertThat(s.processing().count()).isEqualTo(2);
    assertMillis(s.processing().maxNanos(), 5);
  }

  @Test
  void aSinkKeptPastItsCallIsRejectedClearly() throws Exception {
    AtomicReference<PartSink> kept = new AtomicReference<>();
    PartProcessor keepsItsSink = (part, out) -> kept.set(out);
    PartProcessor leaky = metrics.wrap("leaky", keepsItsSink);

    leaky.process(ProcessorPart.text("x"), part -> {});

    assertThatThrownBy(() -> kept.get().emit(ProcessorPart.text("late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("stage 'leaky' emitted after its process call returned");
  }

  @Test
  void streamStageRecordsTimeToFirstOutputAndTimePerOutputPart() {
    Processor model =
        (in, out) -> {
          for (ProcessorPart p : in) {
            if (p.isSignal(SignalKind.END_OF_TURN)) {
              clock.advance(Duration.ofMillis(300));
              for (int i = 0; i < 3; i++) {
                out.emitText("token " + i);
                clock.advance(Duration.ofMillis(10));
              }
            }
          }
        };

    metrics
        .wrap("llm", model)
        .apply(List.of(ProcessorPart.text("hello"), ProcessorPart.endOfTurn()));

    StageSnapshot llm = metrics.snapshot().stage("llm").orElseThrow();
    assertThat(llm.firstOutput().count()).isEqualTo(1);
    assertMillis(llm.firstOutput().p50Nanos(), 300);
    assertThat(llm.processing().count()).isEqualTo(3);
    assertMillis(llm.processing().maxNanos(), 300);
    assertMillis(llm.processing().minNanos(), 10);
    assertThat(llm.partsIn()).isEqualTo(2);
    assertThat(llm.partsOut()).isEqualTo(3);
  }

  @Test
  void instrumentedPipelineMeasuresTurnLatencyFromTheEndOfTheTurn() {
    PartProcessor stt =
        (part, out) -> {
          if (part.isSignal(SignalKind.END_OF_TURN)) {
            clock.advance(Duration.ofMillis(100));
            out.emitText("transcript");
          }
        };
    PartProcessor llm = working(300);
    PartProcessor tts =
        (part, out) -> {
          clock.advance(Duration.ofMillis(50));
          out.emit(ProcessorPart.audio(new byte[640], 16000));
        };
    Processor agent =
        metrics.instrument(
            Processor.chain(
                metrics.wrap("stt", stt), metrics.wrap("llm", llm), metrics.wrap("tts", tts)));

    agent.apply(List.of(ProcessorPart.audio(new byte[640], 16000), ProcessorPart.endOfTurn()));

    MetricsSnapshot s = metrics.snapshot();
    StageSnapshot pipeline = s.stage("pipeline").orElseThrow();
    assertThat(pipeline.kind()).isEqualTo(StageSnapshot.Kind.PIPELINE);
    assertThat(pipeline.turns()).isEqualTo(1);
    assertMillis(pipeline.turnLatency().p50Nanos(), 450);
    assertMillis(s.stage("stt").orElseThrow().firstOutput().p50Nanos(), 100);
    assertMillis(s.stage("llm").orElseThrow().firstOutput().p50Nanos(), 300);
    assertMillis(s.stage("tts").orElseThrow().firstOutput().p50Nanos(), 50);
    assertThat(metrics.stageNames()).containsExactly("stt", "llm", "tts", "pipeline");
  }

  @Test
  void firstInputOpensATurnForRequestResponsePipelines() {
    Processor echo = metrics.instrument(working(70));

    echo.apply("hi");

    assertMillis(metrics.snapshot().stage("pipeline").orElseThrow().turnLatency().p50Nanos(), 70);
  }

  @Test
  void eachEndOfTurnStartsANewTurnAnsweredByTheNextOutput() {
    Processor bot =
        metrics.instrument(
            (in, out) -> {
              for (ProcessorPart p : in) {
                if (p.isSignal(SignalKind.END_OF_TURN)) {
                  clock.advance(Duration.ofMillis(200));
                  out.emitText("answer");
                  out.emit(ProcessorPart.endOfTurn());
                } else {
                  clock.advance(Duration.ofMillis(1000)); // the user speaks for a second
                }
              }
            });

    bot.apply(
        List.of(
            ProcessorPart.text("one"),
            ProcessorPart.endOfTurn(),
            ProcessorPart.text("two"),
            ProcessorPart.endOfTurn(),
            ProcessorPart.text("three"),
            ProcessorPart.endOfTurn()));

    LatencySummary turns = metrics.snapshot().stage("pipeline").orElseThrow().turnLatency();
    assertThat(turns.count()).isEqualTo(3);
    assertMillis(turns.minNanos(), 200);
    assertMillis(turns.maxNanos(), 200);
  }

  @Test
  void interruptionsInTheOutputAreCounted() {
    Processor bot =
        metrics.instrument(
            (in, out) -> {
              for (ProcessorPart p : in) {
                out.emit(p);
                if (p.isSignal(SignalKind.START_OF_SPEECH)) {
                  out.emit(ProcessorPart.interrupted());
                }
              }
            });

    bot.apply(
        List.of(
            ProcessorPart.text("a"),
            ProcessorPart.signal(SignalKind.START_OF_SPEECH, false),
            ProcessorPart.text("b")));

    assertThat(metrics.snapshot().stage("pipeline").orElseThrow().interruptions()).isEqualTo(1);
  }
}
