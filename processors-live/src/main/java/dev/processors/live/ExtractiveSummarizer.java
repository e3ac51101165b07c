package dev.processors.live;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** First and last message, counts of the rest; bounded length. */
final class ExtractiveSummarizer implements Summarizer {
  static final ExtractiveSummarizer INSTANCE = new ExtractiveSummarizer();
  static final int MAX_CHARS = 2_000;
  private static final int MAX_LINE = 300;

  private ExtractiveSummarizer() {}

  @Override
  public String summarize(Optional<String> previous, List<ProcessorPart> parts) {
    List<String> messages = new ArrayList<>();
    int other = 0;
    for (ProcessorPart p : parts) {
      if (p.content() instanceof Content.Text t && !t.text().isBlank()) {
        messages.add(p.role() + ": " + clip(t.text().strip(), MAX_LINE));
      } else {
        other++;
      }
    }
    StringBuilder sb = new StringBuilder();
    previous.ifPresent(s -> sb.append(clip(s, MAX_CHARS / 2)).append('\n'));
    if (!messages.isEmpty()) {
      sb.append(messages.get(0)).append('\n');
      if (messages.size() > 2) {
        sb.append("[... ").append(messages.size() - 2).append(" messages ...]\n");
      }
      if (messages.size() > 1) {
        sb.append(messages.get(messages.size() - 1)).append('\n');
      }
    }
    if (other > 0) {
      sb.append('[').append(other).append(" non-text parts]\n");
    }
    String summary = sb.toString().strip();
    if (summary.isEmpty()) {
      summary = "[" + parts.size() + " earlier parts]";
    }
    return clip(summary, MAX_CHARS);
  }

  private static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
