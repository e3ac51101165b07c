package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WavFileTest {
  @TempDir Path dir;

  @Test
  void writtenFilesReadBackUnchanged() {
    for (PcmFormat f : new PcmFormat[] {PcmFormat.mono(8_000), PcmFormat.stereo(44_100)}) {
      PcmAudio clip = Signals.noise(f, 0.2, Duration.ofMillis(321), 3);
      Path file = dir.resolve("clip-" + f.sampleRate() + ".wav");
      WavFile.write(file, clip);
      assertThat(WavFile.read(file)).isEqualTo(clip);
      assertThat(file.toFile().length()).isEqualTo(WavFile.HEADER_BYTES + clip.size());
    }
  }

  @Test
  void theHeaderIsTheCanonicalOne() {
    byte[] wav = WavFile.encode(PcmAudio.silence(PcmFormat.stereo(48_000), Duration.ofMillis(1)));
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(wav, 0, 4)).isEqualTo("RIFF");
    assertThat(b.getInt(4)).isEqualTo(36 + 192);
    assertThat(new String(wav, 8, 8)).isEqualTo("WAVEfmt ");
    assertThat(b.getShort(20)).isEqualTo((short) 1); // PCM
    assertThat(b.getShort(22)).isEqualTo((short) 2);
    assertThat(b.getInt(24)).isEqualTo(48_000);
    assertThat(b.getInt(28)).isEqualTo(192_000);
    assertThat(b.getShort(32)).isEqualTo((short) 4);
    assertThat(b.getShort(34)).isEqualTo((short) 16);
    assertThat(new String(wav, 36, 4)).isEqualTo("data");
    assertThat(b.getInt(40)).isEqualTo(192);
  }

  @Test
  void readingSkipsOtherChunksAndAcceptsExtensiblePcmAndStreamedSizes() {
    byte[] samples = {1, 0, 2, 0, 3, 0, 4, 0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes());
    out.writeBytes(le(-1)); // streamed: size unknown
    out.writeBytes("WAVE".getBytes());
    out.writeBytes("LIST".getBytes());
    out.writeBytes(le(3));
    out.writeBytes(new byte[] {'a', 'b', 'c', 0}); // odd chunk plus pad byte
    out.writeBytes("fmt ".getBytes());
    out.writeBytes(le(40));
    ByteBuffer fmt = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) 0xFFFE).putShort((short) 1).putInt(16_000).putInt(32_000);
    fmt.putShort((short) 2).putShort((short) 16).putShort((short) 22).putShort((short) 16);
    fmt.putInt(4).putShort((short) 1); // channel mask, PCM sub-format
    out.writeBytes(fmt.array());
    out.writeBytes("data".getBytes());
    out.writeBytes(le(-1));
    out.writeBytes(samples);
    out.writeBytes(new byte[] {9}); // a truncated last frame
    PcmAudio audio = WavFile.decode(out.toByteArray());
    assertThat(audio.format()).isEqualTo(PcmFormat.mono(16_000));
    assertThat(audio.bytes()).containsExactly(samples);
  }

  @Test
  void aFmtChunkOfOddSizeIsFollowedByItsPadByte() {
    byte[] samples = {5, 0, 6, 0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes());
    out.writeBytes(le(-1));
    out.writeBytes("WAVE".getBytes());
    out.writeBytes("fmt ".getBytes());
    out.writeBytes(le(17)); // 16 bytes of format and one more, then a pad byte (RIFF rule)
    ByteBuffer fmt = ByteBuffer.allocate(18).order(ByteOrder.LITTLE_ENDIAN);
    fmt.putShort((short) 1).putShort((short) 1).putInt(8_000).putInt(16_000);
    fmt.putShort((short) 2).putShort((short) 16).put((byte) 42).put((byte) 0);
    out.writeBytes(fmt.array());
    out.writeBytes("data".getBytes());
    out.writeBytes(le(4));
    out.writeBytes(samples);
    PcmAudio audio = WavFile.decode(out.toByteArray());
    assertThat(audio.format()).isEqualTo(PcmFormat.mono(8_000));
    assertThat(audio.bytes()).containsExactly(samples);
  }

  @Test
  void unsupportedOrBrokenFilesFailNamingTheProblem() throws Exception {
    byte[] good = WavFile.encode(PcmAudio.silence(PcmFormat.mono(16_000), Duration.ofMillis(1)));
    byte[] floats = good.clone();
    floats[20] = 3;
    assertThatThrownBy(() -> WavFile.decode(floats))
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("IEEE float");
    byte[] bits24 = good.clone();
    bits24[34] = 24;
    assertThatThrownBy(() -> WavFile.decode(bits24)).hasMessageContaining("24-bit");
    byte[] rate96k = good.clone();
    ByteBuffer.wrap(rate96k).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 96_000);
    assertThatThrownBy(() -> WavFile.decode(rate96k)).hasMessageContaining("96000");
    assertThatThrownBy(() -> WavFile.decode("not a wav file at all".getBytes()))
        .hasMessageContaining("does not start with RIFF");
    byte[] noData = java.util.Arrays.copyOf(good, 36);
    assertThatThrownBy(() -> WavFile.decode(noData)).hasMessageContaining("no data chunk");
    Path missing = dir.resolve("missing.wav");
    assertThatThrownBy(() -> WavFile.read(missing))
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("missing.wav");
    Files.write(dir.resolve("x.wav"), floats);
    assertThatThrownBy(() -> WavFile.read(dir.resolve("x.wav"))).hasMessageContaining("x.wav");
  }

  @Test
  void aDataSizeLargerThanTheFileIsAnErrorNamingBothSizes() throws Exception {
    byte[] wav = WavFile.encode(PcmAudio.silence(PcmFormat.mono(16_000), Duration.ofMillis(10)));
    byte[] cut = java.util.Arrays.copyOf(wav, wav.length - 100);
    assertThatThrownBy(() -> WavFile.decode(cut))
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("WAV data is truncated")
        .hasMessageContaining("declares 320 bytes of sample data but only 220 follow");
    Path file = dir.resolve("cut.wav");
    Files.write(file, cut);
    assertThatThrownBy(() -> WavFile.read(file))
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("cut.wav is truncated");
    assertThatThrownBy(() -> WavFileSource.of(file).iterator())
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("cut.wav is truncated");
  }

  @Test
  void everyTruncatedHeaderFailsWithAClearAudioException() {
    byte[] samples = {1, 0, 2, 0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes("RIFF".getBytes());
    out.writeBytes(le(-1));
    out.writeBytes("WAVE".getBytes());
    out.writeBytes("LIST".getBytes());
    out.writeBytes(le(4));
    out.writeBytes("abcd".getBytes());
    byte[] plain = WavFile.encode(PcmAudio.of(PcmFormat.mono(16_000), samples));
    out.write(plain, 12, plain.length - 12); // fmt and data chunks
    byte[] wav = out.toByteArray();
    int headerEnd = wav.length - samples.length;
    for (int length = 0; length < headerEnd; length++) {
      byte[] prefix = java.util.Arrays.copyOf(wav, length);
      assertThatThrownBy(() -> WavFile.decode(prefix))
          .as("the first %d bytes", length)
          .isInstanceOf(AudioException.class)
          .message()
          .startsWith("WAV data ")
          .doesNotContain("null")
          .matches(
              m ->
                  m.contains("is truncated: it ends inside")
                      || m.contains("is empty, not a WAV file")
                      || m.contains("has no fmt chunk")
                      || m.contains("has no data chunk"),
              "says the header is cut short");
    }
    assertThatThrownBy(() -> WavFile.decode(java.util.Arrays.copyOf(wav, 22)))
        .hasMessage(
            "WAV data is truncated: it ends inside its LIST chunk after 22 bytes, before any sample"
                + " data");
    assertThatThrownBy(() -> WavFile.decode(java.util.Arrays.copyOf(wav, 30)))
        .hasMessageContaining("it ends inside a chunk header after 30 bytes");
    assertThatThrownBy(() -> WavFile.decode(java.util.Arrays.copyOf(wav, 44)))
        .hasMessageContaining("it ends inside its fmt chunk after 44 bytes");
    assertThat(WavFile.decode(wav).bytes()).containsExactly(samples);
  }

  @Test
  void theSpeechFixtureIsShortSixteenKilohertzMono() throws Exception {
    PcmAudio speech = WavFile.read(Path.of(getClass().getResource("/speech-16k.wav").toURI()));
    assertThat(speech.format()).isEqualTo(PcmFormat.mono(16_000));
    assertThat(speech.duration()).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
  }

  private static byte[] le(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }
}
