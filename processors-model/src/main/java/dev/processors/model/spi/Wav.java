package dev.processors.model.spi;

import dev.processors.core.Content;
import dev.processors.core.MimeTypes;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

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

  /** 16-bit little-endian mono PCM wrapped in a WAV header. */
  public static byte[] wrap(byte[] pcm, int rate) {
    ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
    h.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length);
    h.put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16);
    h.putShort((short) 1).putShort((short) 1).putInt(rate).putInt(rate * 2);
    h.putShort((short) 2).putShort((short) 16);
    h.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream(44 + pcm.length);
    out.writeBytes(h.array());
    out.writeBytes(pcm);
    return out.toByteArray();
  }
}
