package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.PartStream;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AudioChunkerTest {
  private static final PcmFormat MONO_24K = PcmFormat.mono(24_000);

  @Test
  void reChunkingNeitherLosesNorDuplicatesASample() {
    Random random = new Random(11);
    PcmAudio clip = Signals.noise(MONO_24K, 0.3, Duration.ofSeconds(3), 4);
    List<ProcessorPart> input = new ArrayList<>();
    byte[] all = clip.bytes();
    for (int at = 0; at < all.length; ) {
      int n = Math.min(all.length - at, 2 * (1 + random.nextInt(2_000)));
      input.add(MONO_24K.part(java.util.Arrays.copyOfRange(all, at, at + n)));
      at += n;
    }
    List<ProcessorPart> out = AudioChunker.of(Duration.ofMillis(40)).apply(input);
    List<PcmAudio> chunks = out.stream().map(PcmAudio::of).toList();
    for (PcmAudio c : chunks.subList(0, chunks.size() - 1)) {
      assertThat(c.duration()).isEqualTo(Duration.ofMillis(40));
    }
    assertThat(chunks).hasSize(75);
    assertThat(PcmAudio.concat(chunks)).isEqualTo(clip);
  }

  @Test
  void aTurnBoundaryEmitsTheShortRemainderFirstAndKeepsOrder() {
    PcmAudio a = Signals.noise(MONO_24K, 0.3, Duration.ofMillis(50), 1);
    List<ProcessorPart> out =
        AudioChunker.of(Duration.ofMillis(20))
            .apply(List.of(a.toPart(), ProcessorPart.endOfTurn(), ProcessorPart.text("next")));
    assertThat(out).hasSize(5);
    assertThat(out.subList(0, 3).stream().map(p -> PcmAudio.of(p).duration().toMillis()))
        .containsExactly(20L, 20L, 10L);
    assertThat(out.subList(3, 5))
        .containsExactly(ProcessorPart.endOfTurn(), ProcessorPart.text("next"));
  }

  @Test
  void streamsAreNotJoinedAcrossUtterancesAndChunksKeepTheirFirstPartsMetadata() {
    PcmAudio a = Signals.noise(MONO_24K, 0.3, Duration.ofMillis(30), 1);
    ProcessorPart u1a =
        a.toPart().withMetadata(PlaybackTracker.UTTERANCE_ID, "u1").withMetadata("seq", 1);
    ProcessorPart u1b =
        a.toPart().withMetadata(PlaybackTracker.UTTERANCE_ID, "u1").withMetadata("seq", 2);
    ProcessorPart u2 = a.toPart().withMetadata(PlaybackTracker.UTTERANCE_ID, "u2");
    List<ProcessorPart> out = AudioChunker.of(Duration.ofMillis(40)).apply(List.of(u1a, u1b, u2));
    assertThat(out).hasSize(3);
    assertThat(PcmAudio.of(out.get(0)).duration()).isEqualTo(Duration.ofMillis(40));
    assertThat(out.get(0).metadataLong("seq")).contains(1L);
    assertThat(PcmAudio.of(out.get(1)).duration()).isEqualTo(Duration.ofMillis(20));
    assertThat(out.get(1).metadataLong("seq")).contains(2L);
    assertThat(out.get(2).metadataString(PlaybackTracker.UTTERANCE_ID)).contains("u2");
    assertThat(PcmAudio.of(out.get(2)).duration()).isEqualTo(Duration.ofMillis(30));
  }

  @Test
  void anInterruptionDropsTheHeldRemainderAndControlPartsPassAtOnce() {
    PcmAudio a = Signals.noise(MONO_24K, 0.3, Duration.ofMillis(50), 1);
    ProcessorPart status = ProcessorPart.status("thinking");
    // Run directly: inside a run, the interruption would also drop output queued downstream.
    List<ProcessorPart> out = new ArrayList<>();
    AudioChunker.of(Duration.ofMillis(40))
        .process(
            PartStream.of(List.of(a.toPart(), status, ProcessorPart.interrupted(), a.toPart())),
            out::add);
    assertThat(
            out.stream()
                .map(
                    p ->
                        p.isSignal(SignalKind.INTERRUPTED)
                            ? "interrupted"
                            : p.isText() ? "status" : PcmAudio.of(p).duration().toMillis() + "ms"))
        .containsExactly("40ms", "status", "interrupted", "40ms", "10ms");
  }

  @Test
  void aNonPositiveChunkIsRejected() {
    assertThat(AudioChunker.of(Duration.ofMillis(40)).chunk()).isEqualTo(Duration.ofMillis(40));
    assertThatThrownBy(() -> AudioChunker.of(Duration.ZERO)).hasMessageContaining("positive");
  }
}
