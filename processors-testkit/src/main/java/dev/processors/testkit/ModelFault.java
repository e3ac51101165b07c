package dev.processors.testkit;

import java.util.List;

/**
 * A fault a fake model server plays in place of a good answer, for {@link ModelChaos}. Stream
 * faults start the answer and break it at a position drawn by the plan, so a client that does not
 * notice the fault shows part of the answer (and then, after a retry, the whole answer again).
 */
public enum ModelFault {
  /** HTTP 500 with the provider's error body. */
  HTTP_500,
  /** HTTP 503 with the provider's error body. */
  HTTP_503,
  /** HTTP 429 with the provider's error body (no Retry-After). */
  HTTP_429,
  /** HTTP 200, {@code text/event-stream}, and no event at all. */
  EMPTY_BODY,
  /** HTTP 200 with an HTML page instead of an event stream. */
  HTML_PAGE,
  /** The body ends properly at an event boundary, without the terminal event. */
  CUT_CLEAN,
  /** The body ends properly in the middle of an event. */
  CUT_CLEAN_MID_EVENT,
  /** The connection drops at an event boundary. */
  DROP,
  /** The connection drops in the middle of an event. */
  DROP_MID_EVENT,
  /** An event whose data is not JSON, then the rest of the answer. */
  MALFORMED_EVENT,
  /** Binary garbage in the body, then the rest of the answer. */
  GARBAGE,
  /** The provider's in-stream error event (503), which ends the stream. */
  ERROR_EVENT,
  /** The stream goes silent and stays open: only a client-side timeout ends it. */
  STALL;

  /** The wire events a cut may fall before: 0 (before the first) to this bound, exclusive. */
  static final int CUT_POSITIONS = 16;

  /**
   * The turn that plays this fault instead of the answer made of {@code deltas}; {@code position}
   * (any non-negative number) says where in the stream a stream fault strikes.
   */
  FakeTurn turn(List<String> deltas, int position) {
    return switch (this) {
      case HTTP_500 -> FakeTurn.httpError(500, "chaos: internal error");
      case HTTP_503 -> FakeTurn.httpError(503, "chaos: overloaded");
      case HTTP_429 -> FakeTurn.httpError(429, "chaos: slow down");
      case EMPTY_BODY -> FakeTurn.emptyBody();
      case HTML_PAGE -> FakeTurn.htmlPage();
      case CUT_CLEAN -> cut(deltas, position, Cut.CLEAN);
      case CUT_CLEAN_MID_EVENT -> cut(deltas, position, Cut.CLEAN_MID_EVENT);
      case DROP -> cut(deltas, position, Cut.DROP);
      case DROP_MID_EVENT -> cut(deltas, position, Cut.DROP_MID_EVENT);
      case MALFORMED_EVENT -> around(deltas, position).malformedEvent().build();
      case GARBAGE -> rest(deltas, position, around(deltas, position).garbage());
      case ERROR_EVENT -> around(deltas, position).errorEvent(503, "chaos: overloaded").build();
      case STALL -> around(deltas, position).stall().build();
    };
  }

  private static FakeTurn cut(List<String> deltas, int position, Cut kind) {
    FakeTurn.Builder b = FakeTurn.builder();
    deltas.forEach(b::text);
    return b.cutAtEvent(position % CUT_POSITIONS, kind).build();
  }

  /** The first deltas of the answer, up to the fault's place among them. */
  private static FakeTurn.Builder around(List<String> deltas, int position) {
    FakeTurn.Builder b = FakeTurn.builder();
    int before = position % (deltas.size() + 1);
    for (int i = 0; i < before; i++) {
      b.text(deltas.get(i));
    }
    return b;
  }

  private static FakeTurn rest(List<String> deltas, int position, FakeTurn.Builder b) {
    int before = position % (deltas.size() + 1);
    for (int i = before; i < deltas.size(); i++) {
      b.text(deltas.get(i));
    }
    return b.build();
  }
}
