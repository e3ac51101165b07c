package dev.processors.model.spi;

import dev.processors.audio.PcmAudio;
import dev.processors.audio.PcmFormat;
import dev.processors.audio.WavFile;
import dev.processors.core.Content;
import dev.processors.core.MimeTypes;

/** Raw PCM audio wrapped as WAV, the form the turn-based APIs accept. */
public final class Wav {
  private Wav() {}

  /** True for 16-bit PCM blobs ({@code audio/pcm;rate=N} or {@code audio/L16}). */
  public static boolean isPcm(Content.Blob blob) {
    String base = MimeTypes.baseType(blob.mimeType());
    return base.equals(MimeTypes.PCM) || base.equals("audio/l16");
  }

  /** The blob's 16-bit little-endian mono PCM in a WAV container (16 kHz if no rate is given). */
  public static byte[] fromPcm(Content.Blob blob) {
    return wrap(blob.bytes(), MimeTypes.sampleRate(blob.mimeType()).orElse(16000));
  }

  /**
   * 16-bit little-endian mono PCM wrapped in a WAV header, written by processors-audio's {@link
   * WavFile}, the project's one WAV writer.
   *
   * @throws IllegalArgumentException if {@code rate} is outside 8–48 kHz or {@code pcm} is not
   *     whole 16-bit samples
   */
  public static byte[] wrap(byte[] pcm, int rate) {
    return WavFile.encode(PcmAudio.of(PcmFormat.mono(rate), pcm));
  }
}
