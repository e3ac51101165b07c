package dev.processors.testkit;

import java.time.Duration;
import java.util.Optional;

/** One step of a streamed {@link FakeTurn}, played in order by a fake model server. */
sealed interface TurnStep {
  /** A text delta. */
  record Text(String text) implements TurnStep {}

  /** A thought delta (rendered by Gemini only). */
  record Thought(String text) implements TurnStep {}

  /** A function call; OpenAI streams its arguments in {@code chunks} deltas. */
  record Call(String id, String name, String arguments, int chunks) implements TurnStep {}

  /** The usage reported at the end. */
  record Usage(int inputTokens, int outputTokens) implements TurnStep {}

  /** A pause during which the server still notices a client hanging up. */
  record Delay(Duration duration) implements TurnStep {}

  /** A hold until the test releases the gate. */
  record Await(Gate gate) implements TurnStep {}

  /** A silent pause: nothing is written; empty means until the server closes. */
  record Stall(Optional<Duration> duration) implements TurnStep {}

  /** The stream is cut here. */
  record CutHere(Cut kind) implements TurnStep {}

  /** An event whose data is not valid JSON. */
  record Malformed(String raw) implements TurnStep {}

  /** Bytes written into the body as they are, outside any event framing. */
  record Raw(byte[] bytes) implements TurnStep {}

  /** The provider's in-stream error event, which ends the stream. */
  record ErrorEvent(int code, String message) implements TurnStep {}

  /**
   * Whether this step spoils the turn, so no content event may carry Gemini's {@code finishReason}
   * (the other providers' terminal events come after the last step anyway).
   */
  default boolean spoilsTurn() {
    return this instanceof CutHere
        || this instanceof Malformed
        || this instanceof Raw
        || this instanceof ErrorEvent
        || (this instanceof Stall s && s.duration().isEmpty());
  }

  /** Whether this step carries content the renderer turns into an event. */
  default boolean isContent() {
    return this instanceof Text || this instanceof Thought || this instanceof Call;
  }
}
