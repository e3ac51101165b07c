package dev.processors.live;

import java.util.Objects;

/**
 * What a detector saw in one part: a state label (such as {@code person} or {@code no_person}) and
 * a confidence score in [0, 1].
 *
 * @param state the observed state; not blank
 * @param score the detector's confidence, 1 when it has none
 */
public record Detection(String state, double score) {
  /** Validates the detection. */
  public Detection {
    if (Objects.requireNonNull(state, "state").isBlank()) {
      throw new IllegalArgumentException("a detection's state is blank");
    }
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("a detection's score must be in [0, 1], got " + score);
    }
  }

  /** A detection with full confidence. */
  public static Detection of(String state) {
    return new Detection(state, 1);
  }
}
