package dev.processors.live;

/**
 * What makes a {@link LiveModelProcessor} answer. An explicit {@code end_of_turn} signal always
 * triggers; the mode adds one automatic trigger.
 */
public enum TriggerMode {
  /** A final transcription of the user's speech (a part on the input transcription substream). */
  FINAL_TRANSCRIPTION,
  /** An {@code end_of_speech} signal (from a VAD). */
  END_OF_SPEECH,
  /** Only explicit {@code end_of_turn} signals. */
  END_OF_TURN
}
