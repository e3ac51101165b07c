package dev.processors.live;

import java.util.List;
import java.util.Objects;

/**
 * An intent found in a streaming answer.
 *
 * @param intent the intent's name (also the name of the function call it starts)
 * @param text the text that matched (the keyword, the regex match, or the window for predicates and
 *     models)
 * @param groups the regex groups, empty for other matchers
 * @param window the sliding window the intent was found in
 */
public record IntentMatch(String intent, String text, List<String> groups, String window) {
  /** Validates and copies. */
  public IntentMatch {
    Objects.requireNonNull(intent, "intent");
    Objects.requireNonNull(text, "text");
    groups = List.copyOf(groups);
    Objects.requireNonNull(window, "window");
  }
}
