package dev.processors.metrics;

import dev.processors.core.MimeTypes;
import java.util.Locale;

/** Reads the byte rate of 16-bit PCM audio types ({@code audio/pcm;rate=24000;channels=1}). */
final class AudioFormat {
  private AudioFormat() {}

  /** Bytes per second of playback, or 0 when the type is not 16-bit PCM with a known rate. */
  static long bytesPerSecond(String mimeType) {
    String base = MimeTypes.baseType(mimeType);
    if (!base.equals("audio/pcm") && !base.equals("audio/l16")) {
      return 0;
    }
    int rate;
    try {
      rate = MimeTypes.sampleRate(mimeType).orElse(0);
    } catch (IllegalArgumentException e) {
      return 0;
    }
    return rate <= 0 ? 0 : (long) rate * 2 * channels(mimeType);
  }

  private static int channels(String mimeType) {
    for (String piece : mimeType.split(";")) {
      String p = piece.trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("channels=")) {
        try {
          return Math.max(1, Integer.parseInt(p.substring("channels=".length()).trim()));
        } catch (NumberFormatException e) {
          return 1;
        }
      }
    }
    return 1;
  }
}
