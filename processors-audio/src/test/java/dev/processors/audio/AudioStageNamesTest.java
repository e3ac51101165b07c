package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failing stage is named in the error the pipeline's caller gets ({@link
 * ProcessorException#stage()}) and in metrics: each audio stage names itself and its settings.
 */
class AudioStageNamesTest {
  @TempDir Path dir;

  /** Audio at a rate no stage supports: every stage that reads audio fails on it. */
  private static final ProcessorPart BAD_AUDIO =
      ProcessorPart.blob(new byte[2], "audio/pcm;rate=96000").withRole(ProcessorPart.USER);

  @Test
  void eachAudioStageNamesItselfWhenItFails() throws Exception {
    try (ConversationRecording recording =
        ConversationRecording.builder(dir.resolve("talk.wav")).build()) {
      assertThat(stageThatFailed(Resampler.processor(16_000))).isEqualTo("Resampler(16000 Hz)");
      assertThat(stageThatFailed(AudioChunker.of(Duration.ofMillis(40))))
          .isEqualTo("AudioChunker(40 ms)");
      assertThat(stageThatFailed(VoiceActivityProcessor.create()))
          .isEqualTo("VoiceActivityProcessor");
      assertThat(stageThatFailed(WavFileSink.to(dir.resolve("out.wav"))))
          .isEqualTo("WavFileSink(out.wav)");
      assertThat(stageThatFailed(recording.user()))
          .isEqualTo("ConversationRecording(talk.wav, user)");
    }
  }

  private static String stageThatFailed(Processor stage) {
    try {
      stage.apply(List.of(BAD_AUDIO));
    } catch (ProcessorException e) {
      assertThat(e.getMessage()).contains("96000");
      return e.stage();
    }
    throw new AssertionError(stage + " accepted 96 kHz audio");
  }
}
