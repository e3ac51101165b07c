package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Reading and matching MIME types, the type system of parts. */
class MimeTypesTest {

  @Test
  void pcmTypesCarryTheirSampleRate() {
    assertThat(MimeTypes.pcm(24000)).isEqualTo("audio/pcm;rate=24000");
    assertThat(MimeTypes.sampleRate("audio/pcm;rate=16000")).hasValue(16000);
    assertThat(MimeTypes.sampleRate("audio/pcm; channels=1; RATE = 8000 ")).hasValue(8000);
    assertThat(MimeTypes.sampleRate("audio/pcm")).isEmpty();
    assertThat(MimeTypes.sampleRate("audio/pcm;=16000")).as("a nameless parameter").isEmpty();
    assertThat(MimeTypes.sampleRate("audio/pcm;bitrate=16000")).isEmpty();
    assertThat(MimeTypes.sampleRate("rate=16000")).as("only parameters count").isEmpty();
    assertThatThrownBy(() -> MimeTypes.pcm(0)).hasMessageContaining("sample rate");
    assertThatThrownBy(() -> MimeTypes.sampleRate("audio/pcm;rate=fast"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("audio/pcm;rate=fast");
  }

  @Test
  void theBaseTypeDropsParametersSpacesAndCase() {
    assertThat(MimeTypes.baseType("Audio/PCM ;rate=16000")).isEqualTo("audio/pcm");
    assertThat(MimeTypes.baseType(" text/plain ")).isEqualTo("text/plain");
    assertThat(MimeTypes.baseType("image/png")).isEqualTo("image/png");
  }

  @Test
  void audioAndImageAreRecognisedByTheirTopLevelType() {
    assertThat(MimeTypes.isAudio("audio/pcm;rate=24000")).isTrue();
    assertThat(MimeTypes.isAudio("AUDIO/wav")).isTrue();
    assertThat(MimeTypes.isAudio("image/png")).isFalse();
    assertThat(MimeTypes.isAudio("text/audio")).isFalse();
    assertThat(MimeTypes.isImage("image/jpeg")).isTrue();
    assertThat(MimeTypes.isImage("audio/pcm")).isFalse();
  }

  @Test
  void patternsMatchAnythingATopLevelTypeOrAnExactTypeIgnoringParameters() {
    assertThat(MimeTypes.matches("audio/pcm;rate=16000", "*")).isTrue();
    assertThat(MimeTypes.matches("text/plain", "*/*")).isTrue();
    assertThat(MimeTypes.matches("audio/pcm;rate=16000", "audio/*")).isTrue();
    assertThat(MimeTypes.matches("audiobook/x", "audio/*")).as("not a prefix match").isFalse();
    assertThat(MimeTypes.matches("text/plain", "audio/*")).isFalse();
    assertThat(MimeTypes.matches("audio/pcm;rate=16000", "audio/pcm;rate=24000")).isTrue();
    assertThat(MimeTypes.matches("audio/pcm", "audio/wav")).isFalse();
    assertThat(MimeTypes.matches("Text/Plain", "text/plain")).isTrue();
  }

  @Test
  void somethingThatIsNotTypeSlashSubtypeIsRefusedWithWhatItWas() {
    assertThat(MimeTypes.requireValid("image/png")).isEqualTo("image/png");
    for (String bad : new String[] {"png", "/png", "image/", "", "  "}) {
      assertThatThrownBy(() -> MimeTypes.requireValid(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + bad + "'");
    }
    assertThatThrownBy(() -> MimeTypes.requireValid(null)).hasMessageContaining("mimeType");
  }

  @Test
  void aTypeWithNothingBeforeItsParametersHasAnEmptyBaseType() {
    assertThat(MimeTypes.baseType(";rate=16000")).isEmpty();
    assertThat(MimeTypes.baseType(" Audio/PCM ;rate=16000")).isEqualTo("audio/pcm");
  }
}
