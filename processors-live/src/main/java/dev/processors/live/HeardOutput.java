package dev.processors.live;

import dev.processors.core.Content;
import dev.processors.core.MimeTypes;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a model's output down to what the listener heard. With audio in the output, parts are kept
 * in order while the audio played so far covers them (the last audio part is cut at the heard
 * position); without audio, text is kept word by word at an assumed speaking rate.
 */
final class HeardOutput {
  static final String INTERRUPTED = "interrupted";

  private HeardOutput() {}

  static List<ProcessorPart> cut(
      List<ProcessorPart> output, Duration heard, double wordsPerSecond) {
    boolean hasAudio = output.stream().anyMatch(HeardOutput::isAudio);
    List<ProcessorPart> kept =
        hasAudio ? cutByAudio(output, heard) : cutByWords(output, heard, wordsPerSecond);
    if (!kept.equals(output) && !kept.isEmpty()) {
      int last = kept.size() - 1;
      kept.set(last, kept.get(last).withMetadata(INTERRUPTED, true));
    }
    return kept;
  }

  private static boolean isAudio(ProcessorPart p) {
    return p.content() instanceof Content.Blob b && MimeTypes.isAudio(b.mimeType());
  }

  private static List<ProcessorPart> cutByAudio(List<ProcessorPart> output, Duration heard) {
    List<ProcessorPart> kept = new ArrayList<>();
    long heardNanos = heard.toNanos();
    long played = 0;
    for (ProcessorPart p : output) {
      if (played >= heardNanos) {
        break; // nothing after the cut was heard
      }
      if (p.content() instanceof Content.Blob b && MimeTypes.isAudio(b.mimeType())) {
        int rate = MimeTypes.sampleRate(b.mimeType()).orElse(24_000);
        long bytesPerSecond = 2L * rate;
        long duration = b.size() * 1_000_000_000L / bytesPerSecond;
        if (played + duration <= heardNanos) {
          kept.add(p);
          played += duration;
        } else {
          long keepBytes = (heardNanos - played) * bytesPerSecond / 1_000_000_000L;
          keepBytes -= keepBytes % 2;
          if (keepBytes > 0) {
            byte[] cut = new byte[(int) keepBytes];
            b.buffer().get(cut);
            kept.add(p.withContent(Content.Blob.of(cut, b.mimeType())));
          }
          played = heardNanos;
          break;
        }
      } else {
        kept.add(p);
      }
    }
    return kept;
  }

  private static List<ProcessorPart> cutByWords(
      List<ProcessorPart> output, Duration heard, double wordsPerSecond) {
    long budget = (long) Math.floor(heard.toNanos() / 1e9 * wordsPerSecond);
    List<ProcessorPart> kept = new ArrayList<>();
    for (ProcessorPart p : output) {
      if (!(p.content() instanceof Content.Text t)) {
        if (budget > 0) {
          kept.add(p);
        }
        continue;
      }
      if (budget <= 0) {
        break;
      }
      String text = t.text();
      int words = 0;
      int end = text.length();
      boolean inWord = false;
      for (int i = 0; i < text.length(); i++) {
        boolean space = Character.isWhitespace(text.charAt(i));
        if (!space && !inWord) {
          if (words == budget) {
            end = i;
            break;
          }
          words++;
        }
        inWord = !space;
      }
      if (end < text.length()) {
        kept.add(p.withContent(new Content.Text(text.substring(0, end).stripTrailing())));
        budget = 0;
        break;
      }
      kept.add(p);
      budget -= words;
    }
    return kept;
  }
}
