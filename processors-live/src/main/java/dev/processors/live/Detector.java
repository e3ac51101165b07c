package dev.processors.live;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.List;
import java.util.Locale;
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
  /** Metadata key of a classifier's candidate answer: its confidence in [0, 1]. */
  String CONFIDENCE = "confidence";

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
   *
   * <p>A classifier may answer with several candidates instead: text parts carrying a numeric
   * {@value #CONFIDENCE} metadata value in [0, 1]. Then the candidate with the highest confidence
   * is the state, with that confidence as its score (the first one wins a tie), as in
   * genai-processors' real-time guide. A confidence outside [0, 1] fails the detection with {@link
   * IllegalArgumentException}.
   */
  static Detector model(Processor classifier) {
    Objects.requireNonNull(classifier, "classifier");
    return part -> {
      List<ProcessorPart> answer = classifier.apply(List.of(part));
      ProcessorPart best = null;
      double bestScore = -1;
      for (ProcessorPart p : answer) {
        if (p.metadata().get(CONFIDENCE) instanceof Number n && p.text().isPresent()) {
          double score = n.doubleValue();
          if (!(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException(
                "a classifier's confidence must be in [0, 1], got " + score);
          }
          if (score > bestScore) {
            best = p;
            bestScore = score;
          }
        }
      }
      if (best != null) {
        String state = best.text().orElseThrow().strip().toLowerCase(Locale.ROOT);
        return state.isEmpty() ? Optional.empty() : Optional.of(new Detection(state, bestScore));
      }
      String text = ProcessorPart.textOf(answer).strip().toLowerCase(Locale.ROOT);
      return text.isEmpty() ? Optional.empty() : Optional.of(Detection.of(text));
    };
  }
}
