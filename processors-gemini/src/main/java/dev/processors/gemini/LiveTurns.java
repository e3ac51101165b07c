package dev.processors.gemini;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The ledger of a Live API session's turns: which turns await their answer, in order, whether an
 * answer is under way, whether audio came since the last answer, and the latest resumption handle.
 * A turn is pending from the moment it is written until the server's {@code turnComplete} (or a
 * {@code toolCall}) for it arrives. Not thread-safe: {@link LiveLink} guards it with its lock.
 */
final class LiveTurns {
  /** A turn awaiting its answer; {@code json} is null for audio, which cannot be sent again. */
  record Turn(String json) {}

  /**
   * What moving to a new connection found: the turns to send again, and whether part of an answer
   * was under way (and is lost with the old connection).
   */
  record Resent(List<Turn> again, boolean partial) {}

  private final Deque<Turn> pending = new ArrayDeque<>();
  private String handle;
  private boolean modelActive;
  private boolean audioSinceTurn;

  /** A message asking for an answer was written. */
  void add(String json) {
    pending.add(new Turn(json));
  }

  /** Audio went out: ending the audio stream will ask for an answer. */
  void audioSent() {
    audioSinceTurn = true;
  }

  /** The audio stream ends: if audio came after the last answer, an answer to it is awaited. */
  void audioEnded() {
    if (audioSinceTurn) {
      pending.add(new Turn(null));
    }
  }

  /** Takes in what a server message says about the turns. */
  void noteServer(LiveMessages.Decoded d) {
    d.newHandle().ifPresent(h -> handle = h);
    if (d.modelActive()) {
      modelActive = true;
    }
    if (d.turnComplete() || d.interrupted()) {
      modelActive = false;
    }
    if (d.turnComplete() || d.toolCall()) {
      // A tool call answers its turn too: the tool response is the next turn.
      audioSinceTurn = false;
      pending.pollFirst();
    }
    if (d.toolCall()) {
      modelActive = false;
    }
  }

  /** Every turn answered and no answer under way. */
  boolean idle() {
    return pending.isEmpty() && !modelActive;
  }

  /** The failure for a session that is not {@link #idle()} when the drain timeout ran out. */
  LiveApiUnansweredException unanswered(Duration drainTimeout) {
    return new LiveApiUnansweredException(
        pending.isEmpty()
            ? "the model's answer did not finish within the drain timeout (" + drainTimeout + ")"
            : pending.size()
                + " turn(s) went unanswered within the drain timeout ("
                + drainTimeout
                + ")",
        pending.size());
  }

  /** The latest resumption handle. */
  Optional<String> handle() {
    return Optional.ofNullable(handle);
  }

  /** The session moves to a new connection: what to send again there. */
  Resent resend() {
    boolean partial = modelActive && !pending.isEmpty();
    modelActive = false;
    return new Resent(new ArrayList<>(pending), partial);
  }
}
