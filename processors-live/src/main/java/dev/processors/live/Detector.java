package dev.processors.live;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Looks at one part and says what state it shows, or nothing. Detectors run off the stream's thread
 * (several at once, bounded), so they may be slow: a model call is fine.
 *
 * <p>Three ready-made kinds: {@link #of} wraps a function, {@link #scored} turns a score into
 * {@code on}/{@code off} states with hysteresis, and {@link #model} asks any processor (a
 * classifier model) and takes its text answer as the state.
 */
@FunctionalInterface
public interface Detector {

  /** The state {@code part} shows, if the detector can tell. May block; may throw. */
  Optional<Detection> detect(ProcessorPart part) throws Exception;

  /** A detector from a function returning a state label (empty: no observation). */
  static Detector of(Function<? super ProcessorPart, Optional<String>> fn) {
    Objects.requireNonNull(fn, "fn");
    return part -> fn.apply(part).map(Detection::of);
  }

  /**
   * A scored detector with hysteresis: a score at or above {@code onThreshold} observes {@code on},
   * at or below {@code offThreshold} observes {@code off}, and a score in between observes nothing,
   * so the state does not flicker around one threshold.
   *
   * @throws IllegalArgumentException unless 0 ≤ offThreshold < onThreshold ≤ 1
   */
  static Detector scored(
      ToDoubleFunction<? super ProcessorPart> score, double onThreshold, double offThreshold) {
    Objects.requireNonNull(score, "score");
    if (!(offThreshold >= 0 && offThreshold < onThreshold && onThreshold <= 1)) {
      throw new IllegalArgumentException(
          "need 0 <= offThreshold < onThreshold <= 1, got off="
              + offThreshold
              + " on="
              + onThreshold);
    }
    return part -> {
      double s = score.applyAsDouble(part);
      if (s >= onThreshold) {
        return Optional.of(new Detection("on", Math.min(1, Math.max(0, s))));
      }
      if (s <= offThreshold) {
        return Optional.of(new Detection("off", Math.min(1, Math.max(0, s))));
      }
      return Optional.empty();
    };
  }

  /**
   * A detector that asks {@code classifier} about each part and takes its answer's text, trimmed
   * and lower-cased, as the state (no text: no observation).
   */
  static Detector model(Processor classifier) {
    Objects.requireNonNull(classifier, "classifier");
    return part -> {
      String answer = ProcessorPart.textOf(classifier.apply(List.of(part))).strip().toLowerCase();
      return answer.isEmpty() ? Optional.empty() : Optional.of(Detection.of(answer));
    };
  }
}
