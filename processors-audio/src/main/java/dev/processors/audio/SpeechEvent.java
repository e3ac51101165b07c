package dev.processors.audio;

import dev.processors.core.SignalKind;
import java.time.Duration;
import java.util.Objects;

/**
 * A confirmed change between silence and speech, found by a {@link VoiceActivityDetector}.
 *
 * @param kind {@link SignalKind#START_OF_SPEECH} or {@link SignalKind#END_OF_SPEECH}
 * @param position where in the stream the speech began or ended (the start of the first frame of
 *     the voiced or silent run that was confirmed), measured from the stream's first sample
 * @param confirmedAt where in the stream the change was confirmed: {@code position} plus the
 *     minimum start or stop duration
 */
public record SpeechEvent(SignalKind kind, Duration position, Duration confirmedAt) {

  /** Validates the fields. */
  public SpeechEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(position, "position");
    Objects.requireNonNull(confirmedAt, "confirmedAt");
    if (kind != SignalKind.START_OF_SPEECH && kind != SignalKind.END_OF_SPEECH) {
      throw new IllegalArgumentException(
          "a speech event is START_OF_SPEECH or END_OF_SPEECH, got " + kind);
    }
    if (position.isNegative() || confirmedAt.compareTo(position) < 0) {
      throw new IllegalArgumentException(
          "speech event positions out of order: " + position + " then " + confirmedAt);
    }
  }

  /** True for a start of speech. */
  public boolean isStart() {
    return kind == SignalKind.START_OF_SPEECH;
  }
}
