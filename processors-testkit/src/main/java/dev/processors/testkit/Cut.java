package dev.processors.testkit;

/**
 * How a fake model server cuts a stream short. Whatever the kind, the provider's terminal event
 * ({@code finishReason}, {@code response.completed}, {@code [DONE]}) is never sent, so a client
 * that takes the end of the body for the end of the answer is caught out.
 *
 * @see FakeTurn.Builder#cut(Cut)
 * @see FakeTurn.Builder#cutAtEvent(int, Cut)
 */
public enum Cut {
  /** The body ends properly (the last HTTP chunk) at an event boundary: a clean but early end. */
  CLEAN,
  /** The body ends properly in the middle of an event: the client gets half an event, then EOF. */
  CLEAN_MID_EVENT,
  /** The connection closes at an event boundary without ending the body: a network drop. */
  DROP,
  /** The connection closes in the middle of an event without ending the body. */
  DROP_MID_EVENT;

  /** Whether the cut falls inside an event (half of it is sent). */
  boolean midEvent() {
    return this == CLEAN_MID_EVENT || this == DROP_MID_EVENT;
  }

  /** Whether the connection is dropped rather than the body ended. */
  boolean drops() {
    return this == DROP || this == DROP_MID_EVENT;
  }
}
