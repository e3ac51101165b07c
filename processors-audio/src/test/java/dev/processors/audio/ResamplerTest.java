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
    assertThat(r.inputFormat()).isEqualTo(noise.format());
    // flush starts a fresh stream: the same input gives the same output again, byte for byte
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    again.writeBytes(r.process(noise.bytes()));
    again.writeBytes(r.flush());
    assertThat(again.toByteArray()).isEqualTo(whole);
  }

  @Test
  void endingAStreamGivesWhatItWouldHaveGivenHadSilenceFollowed() {
    // Long enough that the resampler has dropped consumed input and reused its buffer.
    for (int[] c : new int[][] {{48_000, 16_000}, {16_000, 24_000}, {24_000, 16_000}}) {
      PcmFormat in = PcmFormat.mono(c[0]);
      PcmAudio noise = Signals.noise(in, 0.3, Duration.ofMillis(1_537), c[0]);
      PcmAudio ended = Resampler.resample(noise, c[1]);
      PcmAudio goingOn =
          Resampler.resample(
              PcmAudio.concat(List.of(noise, PcmAudio.silence(in, Duration.ofMillis(200)))), c[1]);
      assertThat(ended).isEqualTo(goingOn.slice(0, ended.frames()));
    }
  }

  @Test
  void theOutputIsAlignedInTimeWithTheInput() {
    // 48 kHz to 16 kHz: output frame n is the instant of input frame 3n. A linear-phase filter
    // adds no delay, so a slow tone comes out as the same tone sampled at the new rate.
    PcmAudio tone = Signals.tone(PcmFormat.mono(48_000), 100, 0.5, Duration.ofMillis(500));
    short[] out = Resampler.resample(tone, 16_000).samples();
    for (int n = 200; n < out.length - 200; n++) {
      double expected = 0.5 * 32767 * Math.sin(2 * Math.PI * 100 * n / 16_000.0);
      assertThat((double) out[n]).as("frame %d", n).isCloseTo(expected, within(20.0));
    }
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
  void interpolatedPhasesPlaceEachOutputSampleAtItsOwnInstant() {
    // 47,999 -> 8,000: 8,000 phases, taken between the rows of the 1,024-row table. A tone must
    // come
    // out as a clean tone: whatever a least-squares fit of one steady sine (any level and phase)
    // leaves over is timing jitter, which would be the price of reading the wrong rows.
    double hz =
        2_345; // below 0.75 of the new Nyquist frequency (4 kHz), where the passband is flat
    PcmAudio tone = Signals.tone(PcmFormat.mono(47_999), hz, 0.5, Duration.ofSeconds(1));
    short[] out = Resampler.resample(tone, 8_000).samples();
    assertThat(Signals.sineFitResidualRms(out, hz / 8_000, 400, out.length - 400))
        .as("RMS of what a steady sine does not explain, in LSB")
        .isLessThan(1.0);
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

  @Test
  void theProcessorEndsEachUtteranceCompletelyAndFlushesAtTheEndOfTheStream() {
    PcmFormat in24 = PcmFormat.mono(24_000);
    PcmAudio first = Signals.tone(in24, 500, 0.5, Duration.ofMillis(200));
    PcmAudio second = Signals.tone(in24, 700, 0.3, Duration.ofMillis(130));
    List<ProcessorPart> input = new ArrayList<>();
    for (PcmAudio c : first.chunks(Duration.ofMillis(30))) {
      input.add(c.toPart().withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    }
    input.add(ProcessorPart.status("between")); // out of band: flushes nothing
    for (PcmAudio c : second.chunks(Duration.ofMillis(1))) { // tiny parts
      input.add(c.toPart().withMetadata(PlaybackTracker.UTTERANCE_ID, "u2"));
    }
    List<ProcessorPart> out = Resampler.processor(16_000).apply(input); // ends with u2's audio

    assertThat(out)
        .filteredOn(p -> !p.isOutOfBand())
        .allSatisfy(p -> assertThat(PcmAudio.of(p).frames()).isPositive());
    assertThat(out)
        .filteredOn(ProcessorPart::isOutOfBand)
        .containsExactly(ProcessorPart.status("between"));
    assertThat(audioOf(out, "u1")).isEqualTo(Resampler.resample(first, 16_000));
    assertThat(audioOf(out, "u2")).isEqualTo(Resampler.resample(second, 16_000));
  }

  @Test
  void theProcessorDropsWhatItHeldBackOfAudioThatWasInterrupted() {
    PcmFormat in24 = PcmFormat.mono(24_000);
    List<ProcessorPart> input = new ArrayList<>();
    for (PcmAudio c :
        Signals.tone(in24, 500, 0.5, Duration.ofMillis(90)).chunks(Duration.ofMillis(30))) {
      input.add(c.toPart().withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    }
    input.add(ProcessorPart.interrupted());
    PcmAudio silence = PcmAudio.of(in24, new byte[(int) in24.bytes(Duration.ofMillis(60))]);
    input.add(silence.toPart().withMetadata(PlaybackTracker.UTTERANCE_ID, "u1"));
    List<ProcessorPart> out = Resampler.processor(16_000).apply(input);

    int cut = indexOf(out, ProcessorPart.interrupted());
    // After the interruption: only the new audio, resampled from a fresh start (all silent).
    PcmAudio after =
        PcmAudio.concat(out.subList(cut + 1, out.size()).stream().map(PcmAudio::of).toList());
    assertThat(after).isEqualTo(Resampler.resample(silence, 16_000));
    assertThat(after.samples()).containsOnly((short) 0);
  }

  private static PcmAudio audioOf(List<ProcessorPart> parts, String utterance) {
    return PcmAudio.concat(
        parts.stream()
            .filter(
                p -> p.metadataString(PlaybackTracker.UTTERANCE_ID).orElse("").equals(utterance))
            .map(PcmAudio::of)
            .toList());
  }

  private static int indexOf(List<ProcessorPart> parts, ProcessorPart part) {
    int i = parts.indexOf(part);
    assertThat(i).isNotNegative();
    return i;
  }
}
