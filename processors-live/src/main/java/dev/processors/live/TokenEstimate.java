package dev.processors.live;

import dev.processors.core.Content;
import dev.processors.core.MimeTypes;
import dev.processors.core.ProcessorPart;

/**
 * A cheap estimate of the tokens a part costs in a prompt: a quarter of the characters for text and
 * JSON, 32 per second of audio and 258 per image (Gemini's published rates), 8 for a signal.
 */
final class TokenEstimate {
  private TokenEstimate() {}

  static long of(ProcessorPart part) {
    return switch (part.content()) {
      case Content.Text t -> chars(t.text().length());
      case Content.Json j -> chars(j.json().length());
      case Content.FunctionCall c -> chars(c.name().length() + c.arguments().length());
      case Content.FunctionResponse r -> chars(r.name().length() + r.response().length());
      case Content.Signal s -> 8;
      case Content.Blob b -> {
        if (MimeTypes.isAudio(b.mimeType())) {
          int rate = MimeTypes.sampleRate(b.mimeType()).orElse(16_000);
          double seconds = b.size() / (2.0 * rate);
          yield Math.max(1, Math.round(seconds * 32));
        }
        yield MimeTypes.isImage(b.mimeType()) ? 258 : chars(b.size());
      }
    };
  }

  private static long chars(int n) {
    return Math.max(1, (n + 3) / 4);
  }
}
