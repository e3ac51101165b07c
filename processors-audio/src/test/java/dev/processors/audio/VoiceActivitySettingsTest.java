package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The voice activity detector's levels and settings, at the values a user sets them to. */
class VoiceActivitySettingsTest {
  private static final PcmFormat MONO_16K = PcmFormat.mono(16_000);

  @Test
  void levelDbIsTheRmsLevelRelativeToFullScale() {
    short[] square = new short[320];
    for (int i = 0; i < square.length; i++) {
      square[i] = (short) (i % 2 == 0 ? 32_767 : -32_767);
    }
    assertThat(EnergyVoiceActivityDetector.levelDb(PcmAudio.ofSamples(MONO_16K, square).buffer()))
        .isCloseTo(0, within(0.01));
    PcmAudio halfScaleSine = Signals.tone(MONO_16K, 1_000, 0.5, Duration.ofMillis(100));
    assertThat(EnergyVoiceActivityDetector.levelDb(halfScaleSine.buffer()))
        .isCloseTo(20 * Math.log10(0.5 / Math.sqrt(2)), within(0.01)); // -9.03 dBFS
    assertThat(EnergyVoiceActivityDetector.levelDb(ByteBuffer.wrap(new byte[640]))).isEqualTo(-100);
    assertThat(EnergyVoiceActivityDetector.levelDb(ByteBuffer.allocate(0))).isEqualTo(-100);
  }

  @Test
  void minVolumeDecidesHowQuietSpeechMayBeAndDigitalSilenceIsNeverSpeech() {
    // A tone at -50 dBFS between stretches of digital silence.
    double amplitude = Math.pow(10, -50 / 20.0) * Math.sqrt(2);
    PcmAudio quiet =
        PcmAudio.concat(
            List.of(
                PcmAudio.silence(MONO_16K, Duration.ofMillis(500)),
                Signals.tone(MONO_16K, 300, amplitude, Duration.ofMillis(1_000)),
                PcmAudio.silence(MONO_16K, Duration.ofMillis(500))));
    assertThat(events(quiet, EnergyVoiceActivityDetector.create())).isEmpty(); // below -45
    assertThat(events(quiet, EnergyVoiceActivityDetector.builder().minVolume(-60).build()))
        .extracting(e -> e.kind() + "@" + e.position().toMillis())
        .containsExactly("START_OF_SPEECH@500", "END_OF_SPEECH@1500");
    EnergyVoiceActivityDetector mostSensitive =
        EnergyVoiceActivityDetector.builder().minVolume(-90).snrMargin(0).build();
    assertThat(events(PcmAudio.silence(MONO_16K, Duration.ofSeconds(2)), mostSensitive)).isEmpty();
  }

  @Test
  void withZeroStartAndStopDurationsOneFrameConfirmsAChange() {
    PcmAudio burst =
        PcmAudio.concat(
            List.of(
                PcmAudio.silence(MONO_16K, Duration.ofMillis(500)),
                Signals.tone(MONO_16K, 300, 0.3, Duration.ofMillis(600)),
                PcmAudio.silence(MONO_16K, Duration.ofMillis(500))));
    EnergyVoiceActivityDetector instant =
        EnergyVoiceActivityDetector.builder()
            .frame(Duration.ofMillis(10))
            .startDuration(Duration.ZERO)
            .stopDuration(Duration.ZERO)
            .minVolume(-45)
            .snrMargin(10)
            .hysteresis(6)
            .noiseWindow(Duration.ofSeconds(3))
            .build();
    assertThat(events(burst, instant))
        .containsExactly(
            new SpeechEvent(SignalKind.START_OF_SPEECH, ms(500), ms(510)),
            new SpeechEvent(SignalKind.END_OF_SPEECH, ms(1_100), ms(1_110)));
    assertThat(events(burst, instant))
        .extracting(SpeechEvent::isStart)
        .containsExactly(true, false);
  }

  @Test
  void theEndsOfEveryDocumentedRangeAreAccepted() {
    EnergyVoiceActivityDetector.builder()
        .frame(Duration.ofMillis(5))
        .frame(Duration.ofMillis(100))
        .startDuration(Duration.ofSeconds(5))
        .stopDuration(Duration.ofSeconds(10))
        .minVolume(-90)
        .minVolume(0)
        .snrMargin(0)
        .snrMargin(40)
        .hysteresis(0)
        .hysteresis(30)
        .noiseWindow(Duration.ofMillis(500))
        .noiseWindow(Duration.ofSeconds(60))
        .build();
  }

  @Test
  void aSoundSwellingFasterThanTheNoiseFloorFollowsIsSpeech() {
    // The level rises 0.5 dB per 20 ms frame, from -80 to -5 dBFS; over a 0.5 s noise window the
    // floor (the window's quietest frame) stays 12.5 dB below, above the 10 dB margin.
    int frames = 151;
    short[] s = new short[frames * 320];
    for (int i = 0; i < s.length; i++) {
      double db = -80 + 0.5 * (i / 320);
      s[i] = (short) Math.round(Math.pow(10, db / 20) * Math.sqrt(2) * 32_767 * Math.sin(i * 0.1));
    }
    PcmAudio swell = PcmAudio.ofSamples(MONO_16K, s);
    EnergyVoiceActivityDetector detector =
        EnergyVoiceActivityDetector.builder().noiseWindow(Duration.ofMillis(500)).build();
    assertThat(events(swell, detector))
        .extracting(SpeechEvent::kind)
        .containsExactly(SignalKind.START_OF_SPEECH);
    // A sound that stays at one level becomes the floor instead: never speech.
    PcmAudio steady = Signals.tone(MONO_16K, 300, 0.3, Duration.ofSeconds(3));
    assertThat(events(steady, detector)).isEmpty();
  }

  @Test
  void theSessionPositionCountsEveryWholeSampleFrameAnalysed() {
    VoiceActivityDetector.Session session =
        EnergyVoiceActivityDetector.create().newSession(MONO_16K);
    byte[] bytes = PcmAudio.silence(MONO_16K, Duration.ofMillis(100)).bytes();
    int done = 0;
    for (int n : new int[] {333, 1, 480, 7, 1_000}) { // splits frames and samples
      session.analyse(ByteBuffer.wrap(bytes, done, n));
      done += n;
      assertThat(session.position()).isEqualTo(MONO_16K.framesDuration(done / 2));
    }
  }

  @Test
  void speechGoingOnWhenTheAudioFormatChangesIsEndedFirst() {
    PcmFormat stereo48 = PcmFormat.stereo(48_000);
    List<ProcessorPart> input = new ArrayList<>();
    input.addAll(
        PcmAudio.concat(
                List.of(
                    PcmAudio.silence(MONO_16K, Duration.ofMillis(300)),
                    Signals.tone(MONO_16K, 300, 0.3, Duration.ofMillis(500))))
            .toParts(Duration.ofMillis(20)));
    input.addAll(PcmAudio.silence(stereo48, Duration.ofMillis(100)).toParts(Duration.ofMillis(20)));
    List<ProcessorPart> out = VoiceActivityProcessor.create().apply(input);
    List<String> seen = new ArrayList<>();
    for (ProcessorPart p : out) {
      if (p.isSignal(SignalKind.START_OF_SPEECH) || p.isSignal(SignalKind.END_OF_SPEECH)) {
        seen.add(p.isSignal(SignalKind.START_OF_SPEECH) ? "start" : "end");
      } else if (PcmFormat.of(p).orElseThrow().equals(stereo48) && !seen.contains("48k")) {
        seen.add("48k");
      }
    }
    assertThat(seen).containsExactly("start", "end", "48k");
  }

  private static List<SpeechEvent> events(PcmAudio audio, VoiceActivityDetector detector) {
    VoiceActivityDetector.Session session = detector.newSession(audio.format());
    List<SpeechEvent> events = new ArrayList<>();
    for (PcmAudio chunk : audio.chunks(Duration.ofMillis(20))) {
      events.addAll(session.analyse(chunk.buffer()));
    }
    return events;
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
