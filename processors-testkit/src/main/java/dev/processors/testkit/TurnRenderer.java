package dev.processors.testkit;

import java.io.IOException;

/** Renders the content steps of a turn in one provider's wire format; one instance per response. */
interface TurnRenderer {
  /** Events sent before the first step (may be empty). */
  String begin();

  /** A text delta; {@code last} if it is the final content event. */
  String text(String delta, boolean last);

  /** A thought delta. */
  String thought(String delta, boolean last);

  /** A function call, written to {@code ex} (may be several events). */
  void call(TurnStep.Call call, boolean last, ModelExchange ex) throws IOException;

  /** Usage to report at the end. */
  void usage(int inputTokens, int outputTokens);

  /** An in-stream error event. */
  String error(int code, String message);

  /** Events sent after the last step of a turn that ended normally (may be empty). */
  String end(boolean hadContent);

  /** The terminal event alone, for a cut that must fall inside it when {@link #end} is empty. */
  String terminal();
}
