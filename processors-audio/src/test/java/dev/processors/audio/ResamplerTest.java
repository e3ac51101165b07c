package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResamplerTest {

  @Test
  void aResampledSineKeepsItsFrequencyAndLevel() {
    int[][] conversions = {
      {48_000, 16_000},
      {16_000, 24_000},
      {24_000, 16_000},
      {44_100, 16_000},
      {8_000, 48_000},
      {22_050, 16_000},
      {16_000, 44_100},
      {11_025, 8_000}
    };
    for (int[] c : conversions) {
      PcmAudio tone = Signals.tone(PcmFormat.mono(c[0]), 1_000, 0.5, Duration.ofSeconds(1));
      PcmAudio out = Resampler.resample(tone, c[1]);
      assertThat(out.format()).isEqualTo(PcmFormat.mono(c[1]));
      assertThat(Signals.frequency(out, 0))
          .as("%d -> %d", c[0], c[1])
          .isCloseTo(1_000, within(0.5));
      double level = Signals.rmsDb(out, 0, out.frames() / 10, out.frames() * 9 / 10);
      assertThat(level)
          .as("%d -> %d", c[0], c[1])
          .isCloseTo(20 * Math.log10(0.5 / Math.sqrt(2)), within(0.05));
    }
  }

  @Test
  void contentAboveTheNewNyquistFrequencyIsAttenuated() {
    // 10 kHz cannot exist at 16 kHz (Nyquist 8 kHz); without filtering it would alias to 6 kHz.
    PcmAudio tenKhz = Signals.tone(PcmFormat.mono(48_000), 10_000, 0.5, Duration.ofSeconds(1));
    PcmAudio out = Resampler.resample(tenKhz, 16_000);
    double in = Signals.rmsDb(tenKhz, 0, 0, tenKhz.frames());
    double aliased = Signals.rmsDb(out, 0, out.frames() / 10, out.frames() * 9 / 10);
    assertThat(in - aliased).as("attenuation in dB").isGreaterThan(60);

    // 13 kHz at 44.1 kHz to 24 kHz (Nyquist 12 kHz).
    PcmAudio thirteen = Signals.tone(PcmFormat.mono(44_100), 13_000, 0.5, Duration.ofSeconds(1));
    PcmAudio out24 = Resampler.resample(thirteen, 24_000);
    assertThat(in - Signals.rmsDb(out24, 0, out24.frames() / 10, out24.frames() * 9 / 10))
        .isGreaterThan(60);

    // The passband is flat to 0.75 of the lower Nyquist: 3 kHz loses < 0.1 dB at 48 -> 8 kHz.
    PcmAudio voice = Signals.tone(PcmFormat.mono(48_000), 3_000, 0.5, Duration.ofSeconds(1));
    PcmAudio out8 = Resampler.resample(voice, 8_000);
    assertThat(Signals.rmsDb(out8, 0, 800, 7_200) - in).isCloseTo(0, within(0.1));
  }

  @Test
  void outputLengthIsTheInputDurationAtTheNewRate() {
    Random random = new Random(1);
    int[] rates = {8_000, 11_025, 16_000, 22_050, 24_000, 44_100, 48_000};
    for (int i = 0; i < 40; i++) {
      int from = rates[random.nextInt(rates.length)];
      int to = rates[random.nextInt(rates.length)];
      int frames = random.nextInt(5_000);
      PcmAudio in = PcmAudio.of(PcmFormat.mono(from), new byte[2 * frames]);
      PcmAudio out = Resampler.resample(in, to);
      long expected = (frames * (long) to + from - 1) / from; // ceil
      assertThat(out.frames()).as("%d frames %d -> %d", frames, from, to).isEqualTo((int) expected);
    }
  }

  @Test
  void streamingInAnyChunksGivesTheSameOutputAsOneCall() {
    PcmAudio noise = Signals.noise(PcmFormat.stereo(44_100), 0.2, Duration.ofMillis(700), 5);
    byte[] whole = Resampler.resample(noise, 16_000).bytes();
    Random random = new Random(2);
    Resampler r = Resampler.create(noise.format(), 16_000);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer in = noise.buffer();
    while (in.hasRemaining()) {
      int n = Math.min(in.remaining(), random.nextInt(900)); // odd sizes split frames and samples
      ByteBuffer piece = in.slice(in.position(), n);
      in.position(in.position() + n);
      out.writeBytes(r.process(piece));
    }
    out.writeBytes(r.flush());
    assertThat(out.toByteArray()).isEqualTo(whole);
    // flush starts a fresh stream: the same input gives the same output again
    assertThat(r.process(noise.buffer()).length + r.flush().length).isEqualTo(whole.length);
  }

  @Test
  void stereoChannelsAreResampledIndependently() {
    PcmFormat stereo = PcmFormat.stereo(48_000);
    short[] left = Signals.tone(PcmFormat.mono(48_000), 440, 0.5, Duration.ofMillis(500)).samples();
    short[] right =
        Signals.tone(PcmFormat.mono(48_000), 1_500, 0.25, Duration.ofMillis(500)).samples();
    short[] both = new short[left.length * 2];
    for (int i = 0; i < left.length; i++) {
      both[2 * i] = left[i];
      both[2 * i + 1] = right[i];
    }
    PcmAudio out = Resampler.resample(PcmAudio.ofSamples(stereo, both), 16_000);
    assertThat(Signals.frequency(out, 0)).isCloseTo(440, within(0.5));
    assertThat(Signals.frequency(out, 1)).isCloseTo(1_500, within(0.5));
  }

  @Test
  void unusualRatePairsUseInterpolatedPhasesAndStillWork() {
    // 47,999 -> 8,000 has 8,000 phases, beyond the exact table.
    PcmAudio tone = Signals.tone(PcmFormat.mono(47_999), 1_000, 0.5, Duration.ofSeconds(1));
    PcmAudio out = Resampler.resample(tone, 8_000);
    assertThat(Signals.frequency(out, 0)).isCloseTo(1_000, within(0.5));
    assertThat(Signals.rmsDb(out, 0, 800, 7_200))
        .isCloseTo(20 * Math.log10(0.5 / Math.sqrt(2)), within(0.05));
  }

  @Test
  void sameRateIsAnExactCopy() {
    PcmAudio noise = Signals.noise(PcmFormat.mono(16_000), 0.3, Duration.ofMillis(100), 9);
    assertThat(Resampler.resample(noise, 16_000)).isEqualTo(noise);
  }

  @Test
  void theProcessorResamplesAudioKeepsMetadataAndFlushesAtTurnBoundaries() {
    PcmFormat in24 = PcmFormat.mono(24_000);
    PcmAudio tone = Signals.tone(in24, 500, 0.5, Duration.ofMillis(400));
    List<ProcessorPart> input = new ArrayList<>();
    for (PcmAudio c : tone.chunks(Duration.ofMillis(30))) {
      input.add(
          c.toPart()
              .withRole(ProcessorPart.MODEL)
              .withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    }
    input.add(ProcessorPart.endOfTurn());
    input.add(ProcessorPart.audio(new byte[320], 16_000)); // already at the target rate
    Processor resample = Resampler.processor(16_000);
    List<ProcessorPart> out = resample.apply(input);

    int end = indexOf(out, ProcessorPart.endOfTurn());
    List<PcmAudio> converted = new ArrayList<>();
    for (ProcessorPart p : out.subList(0, end)) {
      assertThat(p.role()).isEqualTo(ProcessorPart.MODEL);
      assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains("u1");
      converted.add(PcmAudio.of(p));
    }
    // Everything before the end of turn, tail included: 400 ms at 16 kHz.
    assertThat(PcmAudio.concat(converted)).isEqualTo(Resampler.resample(tone, 16_000));
    assertThat(out.subList(end + 1, out.size())).containsExactly(input.get(input.size() - 1));
  }

  private static int indexOf(List<ProcessorPart> parts, ProcessorPart part) {
    int i = parts.indexOf(part);
    assertThat(i).isNotNegative();
    return i;
  }
}
