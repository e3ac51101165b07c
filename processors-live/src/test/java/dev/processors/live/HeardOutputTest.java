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

  private static int bytes(ProcessorPart p) {
    return ((dev.processors.core.Content.Blob) p.content()).size();
  }

  @Test
  void nothingAfterAClipHeardToItsLastSampleWasHeard() {
    ProcessorPart clip = ProcessorPart.audio(new byte[16_000], 8000); // 1 s
    List<ProcessorPart> out = List.of(clip, ProcessorPart.text("after"), clip);
    List<ProcessorPart> heard = HeardOutput.cut(out, Duration.ofSeconds(1), 2.5);
    assertThat(heard).containsExactly(clip.withMetadata("interrupted", true));
  }

  @Test
  void theLaterClipIsCutAtThePositionHeardWithinIt() {
    ProcessorPart clip = ProcessorPart.audio(new byte[16_000], 8000); // 1 s
    List<ProcessorPart> heard = HeardOutput.cut(List.of(clip, clip), Duration.ofMillis(1500), 2.5);
    assertThat(heard).hasSize(2);
    assertThat(bytes(heard.get(0))).isEqualTo(16_000);
    assertThat(bytes(heard.get(1))).isEqualTo(8_000); // half a second
    assertThat(heard.get(1).metadata()).containsEntry("interrupted", true);
  }

  @Test
  void lessThanOneSampleOfAClipHeardKeepsNoneOfIt() {
    List<ProcessorPart> out =
        List.of(ProcessorPart.text("hi"), ProcessorPart.audio(new byte[16_000], 8000));
    List<ProcessorPart> heard = HeardOutput.cut(out, Duration.ofNanos(10), 2.5);
    assertThat(heard).containsExactly(ProcessorPart.text("hi").withMetadata("interrupted", true));
  }

  @Test
  void withoutAudioOtherPartsAreKeptOnlyWhileWordsRemainToBeHeard() {
    ProcessorPart image = ProcessorPart.image(new byte[] {1}, "image/png");
    List<ProcessorPart> out =
        List.of(ProcessorPart.text("one two"), image, ProcessorPart.text("three"));
    // 2 words heard: the image after them was not shown yet.
    assertThat(HeardOutput.cut(out, Duration.ofSeconds(1), 2))
        .containsExactly(ProcessorPart.text("one two").withMetadata("interrupted", true));
    // 3 words heard: everything.
    assertThat(HeardOutput.cut(out, Duration.ofMillis(1500), 2)).isEqualTo(out);
  }
}
