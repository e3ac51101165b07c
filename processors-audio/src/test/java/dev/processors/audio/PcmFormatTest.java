package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PcmFormatTest {

  @Test
  void monoAndStereoRoundTripThroughTheirMimeTypes() {
    assertThat(PcmFormat.mono(24_000).mimeType()).isEqualTo("audio/pcm;rate=24000");
    assertThat(PcmFormat.stereo(48_000).mimeType()).isEqualTo("audio/pcm;rate=48000;channels=2");
    for (int rate : new int[] {8_000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000}) {
      for (PcmFormat f : List.of(PcmFormat.mono(rate), PcmFormat.stereo(rate))) {
        assertThat(PcmFormat.parse(f.mimeType())).isEqualTo(f);
      }
    }
    assertThat(PcmFormat.parse("Audio/PCM; rate=16000 ; channels=1"))
        .isEqualTo(PcmFormat.mono(16_000));
  }

  @Test
  void partsFromTheCoreFactoryAreMonoPcm() {
    ProcessorPart part = ProcessorPart.audio(new byte[4], 16_000);
    assertThat(PcmFormat.of(part)).contains(PcmFormat.mono(16_000));
    assertThat(PcmFormat.of(ProcessorPart.text("hi"))).isEmpty();
    assertThat(PcmFormat.of(ProcessorPart.blob(new byte[1], "audio/mpeg"))).isEmpty();
  }

  @Test
  void badMimeTypesAndFormatsAreRejectedWithTheirValue() {
    assertThatThrownBy(() -> PcmFormat.parse("audio/pcm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no rate");
    assertThatThrownBy(() -> PcmFormat.parse("audio/pcm;rate=96000"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audio/pcm;rate=96000")
        .hasMessageContaining("8000 to 48000");
    assertThatThrownBy(() -> PcmFormat.parse("audio/pcm;rate=16000;channels=6"))
        .hasMessageContaining("channels");
    assertThatThrownBy(() -> PcmFormat.parse("audio/wav")).hasMessageContaining("not a PCM");
    assertThatThrownBy(() -> PcmFormat.mono(7_999)).hasMessageContaining("7999");
    assertThatThrownBy(() -> PcmFormat.of(ProcessorPart.blob(new byte[2], "audio/pcm;rate=x")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void durationAndByteArithmeticWorksInWholeFrames() {
    PcmFormat mono24 = PcmFormat.mono(24_000);
    assertThat(mono24.bytes(Duration.ofMillis(40))).isEqualTo(1_920);
    assertThat(mono24.duration(1_920)).isEqualTo(Duration.ofMillis(40));
    assertThat(mono24.duration(1_921)).isEqualTo(Duration.ofMillis(40)); // partial frame
    assertThat(PcmFormat.stereo(48_000).bytes(Duration.ofSeconds(1))).isEqualTo(192_000);
    assertThat(PcmFormat.stereo(44_100).frames(Duration.ofMillis(10))).isEqualTo(441);
    // One frame at 24 kHz is 41,666.67 ns: rounded down, and never accumulated.
    assertThat(mono24.duration(2)).isEqualTo(Duration.ofNanos(41_666));
    assertThat(mono24.duration(24_000L * 2 * 3600)).isEqualTo(Duration.ofHours(1));
    assertThat(mono24.bytes(Duration.ofNanos(41_666))).isZero();
    assertThatThrownBy(() -> mono24.bytes(Duration.ofMillis(-1))).hasMessageContaining("negative");
  }

  @Test
  void chunksSplitAClipWithoutLosingOrDuplicatingASample() {
    PcmAudio clip = Signals.noise(PcmFormat.stereo(22_050), 0.3, Duration.ofMillis(1234), 7);
    List<PcmAudio> chunks = clip.chunks(Duration.ofMillis(40));
    assertThat(chunks).hasSize(31);
    for (PcmAudio c : chunks.subList(0, 30)) {
      assertThat(c.frames()).isEqualTo(882);
    }
    assertThat(chunks.get(30).frames()).isEqualTo(clip.frames() - 30 * 882);
    assertThat(PcmAudio.concat(chunks)).isEqualTo(clip);
  }

  @Test
  void aClipMustBeWholeFrames() {
    assertThatThrownBy(() -> PcmAudio.of(PcmFormat.stereo(16_000), new byte[6]))
        .hasMessageContaining("6 bytes is not a whole number of 16000 Hz stereo frames");
    PcmAudio clip = PcmAudio.of(PcmFormat.mono(16_000), new byte[320]);
    assertThat(clip.duration()).isEqualTo(Duration.ofMillis(10));
    List<PcmAudio> parts = new ArrayList<>(clip.chunks(Duration.ofMillis(3)));
    assertThat(parts).hasSize(4);
    assertThat(PcmAudio.of(clip.toPart())).isEqualTo(clip);
  }

  @Test
  void aClipIsAValueAndNoSliceOrChunkIsLostOrEmpty() {
    PcmFormat mono16 = PcmFormat.mono(16_000);
    PcmAudio clip = Signals.noise(mono16, 0.3, Duration.ofMillis(100), 4);
    assertThat(clip.chunks(Duration.ofMillis(20)))
        .hasSize(5) // a clip of whole chunks ends without an empty one
        .allSatisfy(c -> assertThat(c.frames()).isEqualTo(320));
    assertThat(clip.slice(3, 3).frames()).isZero(); // an empty slice is allowed
    assertThat(clip.slice(0, clip.frames())).isEqualTo(clip);
    assertThatThrownBy(() -> clip.slice(4, 3)).isInstanceOf(IllegalArgumentException.class);

    PcmAudio same = PcmAudio.of(mono16, clip.bytes());
    assertThat(same).isEqualTo(clip).hasSameHashCodeAs(clip);
    assertThat(Signals.noise(mono16, 0.3, Duration.ofMillis(100), 5)).isNotEqualTo(clip);
    assertThat(PcmAudio.of(PcmFormat.mono(8_000), clip.bytes())).isNotEqualTo(clip);

    assertThat(mono16.duration(0)).isEqualTo(Duration.ZERO);
    assertThat(mono16.framesDuration(0)).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> PcmAudio.of(ProcessorPart.text("hello")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a PCM audio part (text/plain");
  }
}
