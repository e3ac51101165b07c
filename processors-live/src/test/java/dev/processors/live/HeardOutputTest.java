package dev.processors.live;

import static dev.processors.live.ScriptedModel.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeardOutputTest {

  @Test
  void textIsCutWordByWordAtTheSpeakingRate() {
    List<ProcessorPart> out =
        List.of(ProcessorPart.text("one two "), ProcessorPart.text("three four five"));
    List<ProcessorPart> heard = HeardOutput.cut(out, Duration.ofMillis(1200), 2.5); // 3 words
    assertThat(texts(heard)).containsExactly("one two", "three");
    assertThat(heard.get(1).metadata()).containsEntry("interrupted", true);
  }

  @Test
  void nothingHeardKeepsNothingAndEverythingHeardKeepsAll() {
    List<ProcessorPart> out = List.of(ProcessorPart.text("hello world"));
    assertThat(HeardOutput.cut(out, Duration.ZERO, 2.5)).isEmpty();
    assertThat(HeardOutput.cut(out, Duration.ofSeconds(10), 2.5)).isEqualTo(out);
  }

  @Test
  void audioIsCutAtTheHeardPositionOnAFrameBoundary() {
    List<ProcessorPart> out =
        List.of(ProcessorPart.audio(new byte[8000], 8000), ProcessorPart.text("after"));
    List<ProcessorPart> heard = HeardOutput.cut(out, Duration.ofMillis(250), 2.5);
    assertThat(heard).hasSize(1);
    assertThat(((dev.processors.core.Content.Blob) heard.get(0).content()).size()).isEqualTo(4000);
  }
}
