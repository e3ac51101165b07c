package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.PartStream;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VoiceActivityTest {
  private static final PcmFormat MONO_16K = PcmFormat.mono(16_000);

  @Test
  void silenceAndFaintNoiseAreNotSpeech() {
    assertThat(events(PcmAudio.silence(MONO_16K, Duration.ofSeconds(3)))).isEmpty();
    assertThat(events(Signals.noise(MONO_16K, 0.001, Duration.ofSeconds(3), 1)))
        .isEmpty(); // -60 dBFS
  }

  @Test
  void toneBurstsStartAndEndSpeechAtTheirEdges() {
    PcmAudio audio = bursts(Duration.ofMillis(600), Duration.ofMillis(600), 3, 0.3, 0);
    List<SpeechEvent> events = events(audio);
    assertThat(events)
        .containsExactly(
            start(500, 700),
            end(1_100, 1_300),
            start(1_700, 1_900),
            end(2_300, 2_500),
            start(2_900, 3_100),
            end(3_500, 3_700));
  }

  @Test
  void soundsShorterThanTheStartDurationAndPausesShorterThanTheStopDurationChangeNothing() {
    // 100 ms clicks: too short to start speech.
    assertThat(events(bursts(Duration.ofMillis(100), Duration.ofMillis(400), 4, 0.3, 0))).isEmpty();
    // 600 ms sounds with 100 ms pauses: one stretch of speech.
    List<SpeechEvent> events =
        events(bursts(Duration.ofMillis(600), Duration.ofMillis(100), 3, 0.3, 0));
    assertThat(events)
        .extracting(SpeechEvent::kind)
        .containsExactly(SignalKind.START_OF_SPEECH, SignalKind.END_OF_SPEECH);
  }

  @Test
  void stationaryNoiseIsLearnedAsTheFloorWhileTonesAboveItAreSpeech() {
    PcmAudio noise = Signals.noise(MONO_16K, 0.0316, Duration.ofMillis(4_100), 2); // -30 dBFS
    assertThat(events(noise)).isEmpty();
    PcmAudio tonesOverNoise =
        Signals.mix(bursts(Duration.ofMillis(600), Duration.ofMillis(600), 3, 0.3, 0), noise);
    assertThat(events(tonesOverNoise))
        .extracting(e -> e.kind() + "@" + e.position().toMillis())
        .containsExactly(
            "START_OF_SPEECH@500",
            "END_OF_SPEECH@1100",
            "START_OF_SPEECH@1700",
            "END_OF_SPEECH@2300",
            "START_OF_SPEECH@2900",
            "END_OF_SPEECH@3500");
  }

  @Test
  void hysteresisKeepsSpeechGoingWhileTheLevelDipsBelowTheStartThreshold() {
    // Noise at -40 dBFS: start threshold about -30 dB, stop threshold about -36 dB.
    PcmAudio noise = Signals.noise(MONO_16K, 0.01, Duration.ofMillis(2_800), 3);
    PcmAudio tone =
        PcmAudio.concat(
            List.of(
                PcmAudio.silence(MONO_16K, Duration.ofMillis(1_000)),
                Signals.tone(MONO_16K, 300, 0.077, Duration.ofMillis(600)), // about -25 dB
                Signals.tone(MONO_16K, 300, 0.028, Duration.ofMillis(600)), // about -33 dB
                PcmAudio.silence(MONO_16K, Duration.ofMillis(600))));
    PcmAudio audio = Signals.mix(tone, noise);
    assertThat(events(audio, EnergyVoiceActivityDetector.create()))
        .extracting(e -> e.kind() + "@" + e.position().toMillis())
        .containsExactly("START_OF_SPEECH@1000", "END_OF_SPEECH@2200");
    assertThat(events(audio, EnergyVoiceActivityDetector.builder().hysteresis(0).build()))
        .extracting(e -> e.kind() + "@" + e.position().toMillis())
        .containsExactly("START_OF_SPEECH@1000", "END_OF_SPEECH@1600");
    // The middle level alone never starts speech.
    PcmAudio middleOnly =
        Signals.mix(
            PcmAudio.concat(
                List.of(
                    PcmAudio.silence(MONO_16K, Duration.ofMillis(1_000)),
                    Signals.tone(MONO_16K, 300, 0.028, Duration.ofMillis(1_800)))),
            noise);
    assertThat(events(middleOnly, EnergyVoiceActivityDetector.create())).isEmpty();
  }

  @Test
  void synthesisedSpeechGivesOneStretchPerPhrase() throws Exception {
    // "Hello there." [800 ms pause] "Please call me back tomorrow." with 0.5 s of silence around.
    PcmAudio speech = WavFile.read(Path.of(getClass().getResource("/speech-16k.wav").toURI()));
    for (PcmAudio audio :
        List.of(
            speech, Signals.mix(speech, Signals.noise(MONO_16K, 0.003, speech.duration(), 4)))) {
      List<SpeechEvent> events = events(audio);
      assertThat(events)
          .extracting(SpeechEvent::kind)
          .containsExactly(
              SignalKind.START_OF_SPEECH, SignalKind.END_OF_SPEECH,
              SignalKind.START_OF_SPEECH, SignalKind.END_OF_SPEECH);
      assertThat(events.get(0).position()).isBetween(ms(480), ms(600));
      assertThat(events.get(1).position()).isBetween(ms(1_100), ms(1_300));
      assertThat(events.get(2).position()).isBetween(ms(1_950), ms(2_100));
      assertThat(events.get(3).position()).isBetween(ms(3_550), ms(3_750));
    }
  }

  @Test
  void chunkBoundariesDoNotChangeTheDecisions() {
    PcmAudio audio = bursts(Duration.ofMillis(600), Duration.ofMillis(600), 3, 0.3, 0);
    VoiceActivityDetector.Session session =
        EnergyVoiceActivityDetector.create().newSession(MONO_16K);
    List<SpeechEvent> events = new ArrayList<>();
    byte[] bytes = audio.bytes();
    for (int at = 0; at < bytes.length; at += 333) { // odd sizes split samples
      events.addAll(
          session.analyse(java.nio.ByteBuffer.wrap(bytes, at, Math.min(333, bytes.length - at))));
    }
    assertThat(events).isEqualTo(events(audio));
    assertThat(session.position()).isEqualTo(audio.duration());
  }

  @Test
  void theProcessorEmitsSignalsRightAfterTheAudioThatConfirmedThem() {
    PcmAudio audio = bursts(Duration.ofMillis(600), Duration.ofMillis(600), 1, 0.3, 0);
    List<ProcessorPart> input = new ArrayList<>(audio.toParts(Duration.ofMillis(100)));
    input.add(1, ProcessorPart.text("a caption"));
    List<ProcessorPart> out = new ArrayList<>();
    VoiceActivityProcessor.create().process(PartStream.of(input), out::add);
    // Speech 500-1100 ms: confirmed at 700 ms (in the 600-700 chunk), ended at 1300 (1200-1300).
    assertThat(out).hasSize(input.size() + 2);
    assertThat(out.get(0)).isEqualTo(input.get(0));
    assertThat(out.get(1)).isEqualTo(ProcessorPart.text("a caption"));
    int start = 1 + 7; // after the 7th audio chunk (600-700 ms)
    assertThat(out.get(start).isSignal(SignalKind.START_OF_SPEECH)).isTrue();
    assertThat(out.get(start).isControl()).isTrue();
    assertThat(out.get(start).metadataLong(VoiceActivityProcessor.SPEECH_POSITION_MS))
        .contains(500L);
    assertThat(out.get(start).metadataLong(VoiceActivityProcessor.CONFIRMED_AT_MS)).contains(700L);
    int end = start + 6 + 1; // after the 1200-1300 ms chunk
    assertThat(out.get(end).isSignal(SignalKind.END_OF_SPEECH)).isTrue();
    assertThat(out.get(end).metadataLong(VoiceActivityProcessor.SPEECH_POSITION_MS))
        .contains(1_100L);
    List<ProcessorPart> audioOut = out.stream().filter(p -> PcmFormat.of(p).isPresent()).toList();
    assertThat(audioOut)
        .isEqualTo(input.stream().filter(p -> PcmFormat.of(p).isPresent()).toList());
  }

  @Test
  void speechStillGoingWhenTheInputEndsIsClosedAndModelAudioIsNotAnalysed() {
    PcmAudio loud =
        PcmAudio.concat(
            List.of(
                PcmAudio.silence(MONO_16K, Duration.ofMillis(200)),
                Signals.tone(MONO_16K, 300, 0.3, Duration.ofMillis(500))));
    List<ProcessorPart> out =
        VoiceActivityProcessor.create().apply(loud.toParts(Duration.ofMillis(20)));
    assertThat(
            out.stream()
                .filter(
                    p ->
                        p.isSignal(SignalKind.START_OF_SPEECH)
                            || p.isSignal(SignalKind.END_OF_SPEECH))
                .map(
                    p ->
                        p.mimeType()
                            + "@"
                            + p.metadataLong(VoiceActivityProcessor.SPEECH_POSITION_MS)
                                .orElseThrow()))
        .containsExactly(
            "application/x-signal;kind=start_of_speech@200",
            "application/x-signal;kind=end_of_speech@700");

    List<ProcessorPart> modelAudio =
        loud.toParts(Duration.ofMillis(20)).stream()
            .map(p -> p.withRole(ProcessorPart.MODEL))
            .toList();
    assertThat(VoiceActivityProcessor.create().apply(modelAudio)).isEqualTo(modelAudio);
  }

  @Test
  void stereoAudioIsAnalysedToo() {
    PcmFormat stereo = PcmFormat.stereo(48_000);
    PcmAudio audio =
        PcmAudio.concat(
            List.of(
                PcmAudio.silence(stereo, Duration.ofMillis(300)),
                Signals.tone(stereo, 300, 0.3, Duration.ofMillis(600)),
                PcmAudio.silence(stereo, Duration.ofMillis(400))));
    assertThat(events(audio)).containsExactly(start(300, 500), end(900, 1_100));
  }

  @Test
  void badSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> EnergyVoiceActivityDetector.builder().minVolume(3))
        .hasMessageContaining("minVolume");
    assertThatThrownBy(() -> EnergyVoiceActivityDetector.builder().frame(Duration.ofMillis(1)))
        .hasMessageContaining("frame");
    assertThatThrownBy(() -> new SpeechEvent(SignalKind.END_OF_TURN, ms(1), ms(2)))
        .hasMessageContaining("END_OF_TURN");
  }

  /** Silence, then {@code count} bursts of a 300 Hz tone separated by {@code gap}, then silence. */
  private static PcmAudio bursts(
      Duration burst, Duration gap, int count, double amplitude, int seed) {
    List<PcmAudio> pieces = new ArrayList<>();
    pieces.add(PcmAudio.silence(MONO_16K, Duration.ofMillis(500)));
    for (int i = 0; i < count; i++) {
      pieces.add(Signals.tone(MONO_16K, 300, amplitude, burst));
      pieces.add(PcmAudio.silence(MONO_16K, gap));
    }
    pieces.add(PcmAudio.silence(MONO_16K, Duration.ofMillis(500)));
    return PcmAudio.concat(pieces);
  }

  private static List<SpeechEvent> events(PcmAudio audio) {
    return events(audio, EnergyVoiceActivityDetector.create());
  }

  private static List<SpeechEvent> events(PcmAudio audio, VoiceActivityDetector detector) {
    VoiceActivityDetector.Session session = detector.newSession(audio.format());
    List<SpeechEvent> events = new ArrayList<>();
    for (PcmAudio chunk : audio.chunks(Duration.ofMillis(20))) {
      events.addAll(session.analyse(chunk.buffer()));
    }
    return events;
  }

  private static SpeechEvent start(long at, long confirmed) {
    return new SpeechEvent(SignalKind.START_OF_SPEECH, ms(at), ms(confirmed));
  }

  private static SpeechEvent end(long at, long confirmed) {
    return new SpeechEvent(SignalKind.END_OF_SPEECH, ms(at), ms(confirmed));
  }

  private static Duration ms(long millis) {
    return Duration.ofMillis(millis);
  }
}
