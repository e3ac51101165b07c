package dev.processors.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The ready-made {@link Detector}s and what a {@link Detection} accepts. */
class DetectorTest {

  private static final ProcessorPart PART = ProcessorPart.text("frame");

  @Test
  void aFunctionDetectorObservesTheLabelItReturnsWithFullConfidence() throws Exception {
    Detector d = Detector.of(p -> p.text().map(t -> t.equals("frame") ? "person" : "empty"));
    assertThat(d.detect(PART)).contains(new Detection("person", 1.0));
    assertThat(Detector.of(p -> Optional.empty()).detect(PART)).isEmpty();
  }

  @Test
  void scoresExactlyAtEitherThresholdObserveThatState() throws Exception {
    assertThat(Detector.scored(p -> 0.8, 0.8, 0.2).detect(PART)).contains(new Detection("on", 0.8));
    assertThat(Detector.scored(p -> 0.2, 0.8, 0.2).detect(PART))
        .contains(new Detection("off", 0.2));
    assertThat(Detector.scored(p -> 0.5, 0.8, 0.2).detect(PART)).isEmpty();
  }

  @Test
  void thresholdsMayBeZeroAndOneButMustNotMeet() throws Exception {
    Detector full = Detector.scored(p -> 1.0, 1.0, 0.0);
    assertThat(full.detect(PART)).contains(new Detection("on", 1.0));
    assertThat(Detector.scored(p -> 0.0, 1.0, 0.0).detect(PART))
        .contains(new Detection("off", 0.0));
    assertThatThrownBy(() -> Detector.scored(p -> 0, 0.5, 0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("offThreshold < onThreshold");
    assertThatThrownBy(() -> Detector.scored(p -> 0, 1.01, 0.5))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Detector.scored(p -> 0, 0.5, -0.01))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Processor candidates(Object... textThenConfidence) {
    return (in, out) -> {
      in.toList();
      for (int i = 0; i < textThenConfidence.length; i += 2) {
        out.emit(
            ProcessorPart.text((String) textThenConfidence[i])
                .withMetadata(Detector.CONFIDENCE, textThenConfidence[i + 1]));
      }
    };
  }

  @Test
  void aClassifierCandidateMayHaveZeroOrFullConfidence() throws Exception {
    assertThat(Detector.model(candidates("Cat", 0.0)).detect(PART))
        .contains(new Detection("cat", 0.0));
    assertThat(Detector.model(candidates("dog", 1.0)).detect(PART))
        .contains(new Detection("dog", 1.0));
    assertThatThrownBy(() -> Detector.model(candidates("dog", 1.5)).detect(PART))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[0, 1]");
  }

  @Test
  void theFirstOfEquallyConfidentCandidatesWins() throws Exception {
    assertThat(Detector.model(candidates("dog", 0.7, "cat", 0.7, "cow", 0.2)).detect(PART))
        .contains(new Detection("dog", 0.7));
  }

  @Test
  void aDetectionsScoreMayBeZeroOrOneAndNothingOutside() {
    assertThat(new Detection("x", 0).score()).isZero();
    assertThat(new Detection("x", 1).score()).isEqualTo(1.0);
    assertThatThrownBy(() -> new Detection("x", -0.001))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("score");
    assertThatThrownBy(() -> new Detection("x", 1.001))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Detection(" ", 1)).hasMessageContaining("blank");
  }
}
