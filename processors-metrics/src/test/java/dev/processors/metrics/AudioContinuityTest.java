package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An instrumented pipeline watches its output audio as a speaker would play it: audio that arrives
 * after the previous audio finished playing is an underrun, and the silence is a gap.
 */
class AudioContinuityTest {
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);

  /** 20 ms of 16 kHz mono PCM. */
  private static ProcessorPart chunk() {
    return ProcessorPart.audio(new byte[640], 16000);
  }

  /** A pipeline that emits a chunk after each delay, then the given parts. */
  private Processor speaker(long[] delaysMillis, List<ProcessorPart> between) {
    return metrics.instrument(
        (in, out) -> {
          in.toList();
          for (int i = 0; i < delaysMillis.length; i++) {
            clock.advance(Duration.ofMillis(delaysMillis[i]));
            if (i < between.size()) {
              out.emit(between.get(i));
            } else {
              out.emit(chunk());
            }
          }
        });
  }

  private StageSnapshot pipeline() {
    return metrics.snapshot().stage("pipeline").orElseThrow();
  }

  @Test
  void audioArrivingInTimeHasNoGaps() {
    long[] delays = new long[50];
    java.util.Arrays.fill(delays, 20);

    speaker(delays, List.of()).apply("go");

    assertThat(pipeline().underruns()).isZero();
    assertThat(pipeline().audioNanos()).isEqualTo(50 * 20_000_000L);
    assertThat(pipeline().continuity()).isEqualTo(1.0);
  }

  @Test
  void aStallLongerThanTheBufferIsAnUnderrunWithItsGap() {
    // chunks at 0, 20, 40, then one at 140 ms: the buffer ran dry at 60 ms, 80 ms of silence
    speaker(new long[] {0, 20, 20, 100, 20}, List.of()).apply("go");

    StageSnapshot p = pipeline();
    assertThat(p.underruns()).isEqualTo(1);
    assertThat(p.gaps().maxNanos() / 1e6).isCloseTo(80, within(0.8));
    assertThat(p.continuity()).isCloseTo(100.0 / 180, within(0.01));
  }

  @Test
  void audioFasterThanRealTimeBuildsABufferThatAbsorbsLaterStalls() {
    // ten chunks at once (200 ms buffered), then a 150 ms stall: playback never ran dry
    long[] delays = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 150, 20};

    speaker(delays, List.of()).apply("go");

    assertThat(pipeline().underruns()).isZero();
  }

  @Test
  void lateButWithinTheToleranceIsNotAnUnderrun() {
    speaker(new long[] {0, 20, 35}, List.of()).apply("go"); // 15 ms late, tolerance 20 ms

    assertThat(pipeline().underruns()).isZero();
  }

  @Test
  void silenceBetweenUtterancesIsNotAnUnderrun() {
    ProcessorPart first = chunk().withMetadata(PlaybackTracker.UTTERANCE_ID, "u1");
    ProcessorPart next = chunk().withMetadata(PlaybackTracker.UTTERANCE_ID, "u2");
    // u1 plays, end of turn, a long pause, then u2; then a new utterance id after a pause
    speaker(
            new long[] {0, 20, 20, 500, 1000},
            List.of(chunk(), chunk(), ProcessorPart.endOfTurn(), first, next))
        .apply("go");

    assertThat(pipeline().underruns()).isZero();
  }

  @Test
  void underrunsCanBeRecordedByHandToo() {
    StageMetrics player = metrics.stage("player");
    player.recordAudio(1_000_000_000L);
    player.recordUnderrun(50_000_000L);

    StageSnapshot s = metrics.snapshot().stage("player").orElseThrow();
    assertThat(s.underruns()).isEqualTo(1);
    assertThat(s.continuity()).isCloseTo(1000.0 / 1050, within(0.001));
    assertThat(s.qualityScore()).isCloseTo(1000.0 / 1050, within(0.001));
    assertThat(s.isRealTimeCapable()).isFalse(); // nothing timed yet
  }

  @Test
  void errorsLowerTheQualityScoreAndFastSteadyOutputIsRealTimeCapable() {
    Processor body =
        (in, out) -> {
          while (in.hasNext()) {
            ProcessorPart p = in.next();
            clock.advance(Duration.ofMillis(5));
            out.emit(p);
          }
        };
    Processor steady = metrics.wrap("steady", body);
    List<ProcessorPart> parts = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      parts.add(ProcessorPart.text("p" + i));
    }
    steady.apply(parts);
    StageSnapshot fast = metrics.snapshot().stage("steady").orElseThrow();
    assertThat(fast.qualityScore()).isEqualTo(1.0);
    assertThat(fast.isRealTimeCapable()).isTrue();

    StageMetrics flaky = metrics.stage("flaky");
    flaky.recordAudio(1_000_000_000L);
    for (int i = 0; i < 4; i++) {
      flaky.recordInput();
    }
    flaky.recordError("timeout");
    StageSnapshot s = metrics.snapshot().stage("flaky").orElseThrow();
    assertThat(s.qualityScore()).isCloseTo(0.75, within(0.001));
    assertThat(s.isRealTimeCapable()).isFalse();
  }

  @Test
  void audioFormatReadsRateAndChannels() {
    assertThat(AudioFormat.bytesPerSecond("audio/pcm;rate=24000")).isEqualTo(48_000);
    assertThat(AudioFormat.bytesPerSecond("audio/L16; rate=8000; channels=2")).isEqualTo(32_000);
    assertThat(AudioFormat.bytesPerSecond("audio/mpeg")).isZero();
    assertThat(AudioFormat.bytesPerSecond("audio/pcm")).isZero();
    assertThat(AudioFormat.bytesPerSecond("audio/pcm;rate=abc")).isZero();
  }
}
