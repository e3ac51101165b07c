package dev.processors.serving;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;

/**
 * The conventions of the parts WebSocket: one part JSON per text frame, audio in binary frames, and
 * the {@value #AUDIO_FORMAT} part that says which MIME type the binary frames carry.
 */
public final class WebSocketParts {
  /**
   * The substream of the part announcing the format of the binary frames that follow: a {@code
   * Json} part {@code {"mimeType": "audio/pcm;rate=24000"}}. The server sends one before its first
   * audio frame and whenever the format changes; a client sends one to change the format of its own
   * frames (default: the server's {@code inputAudioMimeType}).
   */
  public static final String AUDIO_FORMAT = "audio_format";

  /** Metadata key ({@code true}) on the status part a server sends when something went wrong. */
  public static final String ERROR = "error";

  private WebSocketParts() {}

  /** The part announcing that binary frames carry {@code mimeType}. */
  public static ProcessorPart audioFormat(String mimeType) {
    return ProcessorPart.jsonOf(java.util.Map.of("mimeType", mimeType)).withSubstream(AUDIO_FORMAT);
  }

  /** The MIME type an {@link #AUDIO_FORMAT} part announces, if {@code part} is one. */
  static java.util.Optional<String> announcedFormat(ProcessorPart part) {
    if (part.substream().equals(AUDIO_FORMAT) && part.content() instanceof Content.Json j) {
      String mime = j.node().path("mimeType").asText("");
      if (mime.startsWith("audio/")) {
        return java.util.Optional.of(mime);
      }
      throw new IllegalArgumentException(
          "an audio_format part needs {\"mimeType\": \"audio/...\"}, got " + j.json());
    }
    return java.util.Optional.empty();
  }

  /** True if {@code part} goes out as a binary frame: audio content. */
  static boolean travelsAsBinary(ProcessorPart part) {
    return part.content() instanceof Content.Blob b && b.mimeType().startsWith("audio/");
  }

  /** A status part flagged {@value #ERROR}, naming what went wrong. */
  static ProcessorPart error(String message) {
    return ProcessorPart.status(message).withMetadata(ERROR, true);
  }
}
