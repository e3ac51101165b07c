package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What an instrumented pipeline counts as a turn, an answer and a break in its output audio. */
class TurnsAndAudioTest {
  private static final long MS = 1_000_000;
  private final VirtualClock clock = Clock.virtual();

  /** A pipeline that reads its input, then emits each part after its delay in milliseconds. */
  private static Processor emitting(VirtualClock clock, long[] delays, List<ProcessorPart> parts) {
    return (in, out) -> {
      in.toList();
      for (int i = 0; i < parts.size(); i++) {
        clock.advance(Duration.ofMillis(delays[i]));
        out.emit(parts.get(i));
      }
    };
  }

  /** 20 ms of 16 kHz mono PCM. */
  private static ProcessorPart chunk() {
    return ProcessorPart.audio(new byte[640], 16000);
  }

  private static StageSnapshot pipeline(RealTimeMetrics metrics) {
    return metrics.snapshot().stage("pipeline").orElseThrow();
  }

  @Test
  void aSignalBeforeTheAnswerDoesNotEndTheTurn() {
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    metrics
        .instrument(
            emitting(
                clock,
                new long[] {100, 200},
                List.of(
                    ProcessorPart.signal(SignalKind.GENERATION_COMPLETE, false),
                    ProcessorPart.text("answer"))))
        .apply("question");

    assertThat(pipeline(metrics).turnLatency().maxNanos() / 1e6).isCloseTo(300, within(3.0));
  }

  @Test
  void aCustomAnswerAndTurnStartDecideWhereTheTurnLatencyIsMeasured() {
    Predicate<ProcessorPart> finalAnswer = p -> p.text().orElse("").startsWith("final");
    RealTimeMetrics metrics =
        RealTimeMetrics.builder()
            .clock(clock)
            .turnStart(p -> p.text().orElse("").equals("go"))
            .answer(finalAnswer)
            .build();
    Processor bot =
        metrics.instrument(
            (in, out) -> {
              for (ProcessorPart p : in) {
                if (p.text().orElse("").equals("go")) {
                  clock.advance(Duration.ofMillis(50));
                  out.emitText("thinking...");
                  clock.advance(Duration.ofMillis(250));
                  out.emitText("final answer");
                } else {
                  clock.advance(Duration.ofMillis(1000)); // the user keeps talking
                }
              }
            });

    bot.apply(List.of(ProcessorPart.text("well"), ProcessorPart.text("go")));

    StageSnapshot s = pipeline(metrics);
    assertThat(s.turns()).isEqualTo(1);
    assertThat(s.turnLatency().maxNanos() / 1e6).isCloseTo(300, within(3.0));
  }

  @Test
  void theFirstOfTwoEndOfTurnSignalsStartsTheTurn() {
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    Processor bot =
        metrics.instrument(
            (in, out) -> {
              for (ProcessorPart p : in) {
                if (p.isSignal(SignalKind.END_OF_TURN)) {
                  clock.advance(Duration.ofMillis(300));
                  out.emitText("answer");
                } else {
                  clock.advance(Duration.ofMillis(500));
                }
              }
            });

    // speech ends at 1 s (end of speech), the turn detector confirms at 1.5 s, answer at 1.8 s
    bot.apply(
        List.of(
            ProcessorPart.text("hello"),
            ProcessorPart.text("there"),
            ProcessorPart.signal(SignalKind.END_OF_SPEECH, false),
            ProcessorPart.endOfTurn()));

    assertThat(pipeline(metrics).turnLatency().maxNanos() / 1e6).isCloseTo(800, within(8.0));
  }

  @ParameterizedTest
  @EnumSource(
      value = SignalKind.class,
      names = {"END_OF_TURN", "GENERATION_COMPLETE", "INTERRUPTED"})
  void audioAfterTheEndOfAnAnswerStartsAFreshPlaybackNotAnUnderrun(SignalKind end) {
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    metrics
        .instrument(
            emitting(
                clock,
                new long[] {0, 10, 500},
                List.of(chunk(), ProcessorPart.signal(end, false), chunk())))
        .apply("go");

    assertThat(pipeline(metrics).underruns()).isZero();
    assertThat(pipeline(metrics).audioNanos()).isEqualTo(40 * MS);
  }

  @Test
  void audioExactlyAtTheToleranceIsNotAnUnderrunAndJustPastItIs() {
    RealTimeMetrics metrics =
        RealTimeMetrics.builder().clock(clock).gapTolerance(Duration.ofMillis(30)).build();
    // chunk 1 plays 0..20 ms; chunk 2 arrives 30 ms after (at 50) and plays to 70; chunk 3 at 101
    metrics
        .instrument(emitting(clock, new long[] {0, 50, 51}, List.of(chunk(), chunk(), chunk())))
        .apply("go");

    StageSnapshot s = pipeline(metrics);
    assertThat(s.underruns()).isEqualTo(1);
    assertThat(s.gaps().maxNanos() / 1e6).isCloseTo(31, within(0.4));
    assertThatThrownBy(() -> RealTimeMetrics.builder().gapTolerance(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("gapTolerance must not be negative");
  }

  @Test
  void blobsThatAreNotPlayableAudioPassWithoutCountingAsAudio() {
    RealTimeMetrics metrics = RealTimeMetrics.create(clock);
    ProcessorPart picture = ProcessorPart.image(new byte[1000], "image/png");
    ProcessorPart mp3 = ProcessorPart.blob(new byte[1000], "audio/mpeg");

    List<ProcessorPart> out =
        metrics.instrument(emitting(clock, new long[] {10, 10}, List.of(picture, mp3))).apply("go");

    assertThat(out).containsExactly(picture, mp3);
    assertThat(pipeline(metrics).audioNanos()).isZero();
    assertThat(pipeline(metrics).underruns()).isZero();
  }

  @Test
  void aPcmTypeWithAnUnreadableChannelCountIsTakenAsMono() {
    assertThat(AudioFormat.bytesPerSecond("audio/pcm;rate=16000;channels=two")).isEqualTo(32_000);
    assertThat(AudioFormat.bytesPerSecond("audio/pcm;rate=16000;channels=0")).isEqualTo(32_000);
  }
}
