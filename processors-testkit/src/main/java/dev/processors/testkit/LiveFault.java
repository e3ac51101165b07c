package dev.processors.testkit;

/** A fault the fake Live server plays in place of answering a turn, for {@link LiveChaos}. */
public enum LiveFault {
  /** The connection drops (no closing handshake) before any of the answer is sent. */
  DROP_BEFORE_ANSWER,
  /** Half of the answer is sent, then the connection drops: a WebSocket lost mid-turn. */
  DROP_MID_ANSWER,
  /** A {@code goAway} is sent, then the server closes the connection normally, unanswered. */
  GO_AWAY,
  /** A frame that is not JSON is sent, then the connection drops. */
  GARBAGE_FRAME,
  /** Nothing is sent and the connection stays open: only a client-side timeout notices. */
  NO_ANSWER
}
