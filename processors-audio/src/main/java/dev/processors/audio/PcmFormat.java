package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.MimeTypes;
import dev.processors.core.ProcessorPart;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A 16-bit little-endian PCM format: sample rate (8,000 to 48,000 Hz) and channel count (1 or 2,
 * interleaved). It reads and writes the MIME types parts carry: {@code audio/pcm;rate=24000} for
 * mono, {@code audio/pcm;rate=24000;channels=2} for stereo.
 *
 * <p>Duration arithmetic works in whole frames (one sample per channel): {@link #bytes(Duration)}
 * rounds down to a whole frame, {@link #duration(long)} is exact to the nanosecond (rounded down).
 *
 * <p>Immutable and thread-safe. Factories throw {@link IllegalArgumentException} naming the bad
 * value.
 *
 * @param sampleRate frames per second, 8,000 to 48,000
 * @param channels 1 (mono) or 2 (stereo)
 */
public record PcmFormat(int sampleRate, int channels) {
  /** The lowest supported sample rate in Hz. */
  public static final int MIN_RATE = 8_000;

  /** The highest supported sample rate in Hz. */
  public static final int MAX_RATE = 48_000;

  /** Bytes per sample: always 2 (16-bit). */
  public static final int BYTES_PER_SAMPLE = 2;

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** Validates the rate and channel count. */
  public PcmFormat {
    if (sampleRate < MIN_RATE || sampleRate > MAX_RATE) {
      throw new IllegalArgumentException(
          "sample rate must be "
              + MIN_RATE
              + " to "
              + MAX_RATE
              + " Hz for 16-bit PCM, got "
              + sampleRate);
    }
    if (channels != 1 && channels != 2) {
      throw new IllegalArgumentException(
          "channels must be 1 (mono) or 2 (stereo), got " + channels);
    }
  }

  /** Mono at {@code sampleRate} Hz. */
  public static PcmFormat mono(int sampleRate) {
    return new PcmFormat(sampleRate, 1);
  }

  /** Stereo at {@code sampleRate} Hz. */
  public static PcmFormat stereo(int sampleRate) {
    return new PcmFormat(sampleRate, 2);
  }

  /**
   * The format named by a MIME type such as {@code audio/pcm;rate=16000} or {@code
   * audio/pcm;rate=48000;channels=2}; no {@code channels} parameter means mono.
   *
   * @throws IllegalArgumentException if the type is not {@code audio/pcm}, has no rate, or names an
   *     unsupported rate or channel count
   */
  public static PcmFormat parse(String mimeType) {
    if (!isPcm(mimeType)) {
      throw new IllegalArgumentException(
          "not a PCM audio type (expected audio/pcm;rate=N): '" + mimeType + "'");
    }
    OptionalInt rate = MimeTypes.sampleRate(mimeType);
    if (rate.isEmpty()) {
      throw new IllegalArgumentException(
          "PCM audio type has no rate parameter (expected audio/pcm;rate=N): '" + mimeType + "'");
    }
    int channels = 1;
    String channelText = parameter(mimeType, "channels");
    if (channelText != null) {
      try {
        channels = Integer.parseInt(channelText);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad channels in MIME type '" + mimeType + "'", e);
      }
    }
    try {
      return new PcmFormat(rate.getAsInt(), channels);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unsupported PCM audio type '" + mimeType + "': " + e.getMessage(), e);
    }
  }

  /**
   * The format of a part if it is PCM audio ({@code audio/pcm}); empty for any other part.
   *
   * @throws IllegalArgumentException if the part is {@code audio/pcm} with missing or unsupported
   *     parameters
   */
  public static Optional<PcmFormat> of(ProcessorPart part) {
    if (part.content() instanceof Content.Blob blob && isPcm(blob.mimeType())) {
      return Optional.of(parse(blob.mimeType()));
    }
    return Optional.empty();
  }

  /** True if {@code mimeType} is {@code audio/pcm} (with any parameters). */
  public static boolean isPcm(String mimeType) {
    return MimeTypes.baseType(mimeType).equals(MimeTypes.PCM);
  }

  /** The MIME type: {@code audio/pcm;rate=N}, plus {@code ;channels=2} for stereo. */
  public String mimeType() {
    return channels == 1 ? MimeTypes.pcm(sampleRate) : MimeTypes.pcm(sampleRate) + ";channels=2";
  }

  /** Bytes per frame: 2 for mono, 4 for stereo. */
  public int frameBytes() {
    return BYTES_PER_SAMPLE * channels;
  }

  /** Bytes per second of audio. */
  public int bytesPerSecond() {
    return sampleRate * frameBytes();
  }

  /** The number of whole frames in {@code duration}, rounded down. */
  public long frames(Duration duration) {
    requireNotNegative(duration);
    long seconds = duration.getSeconds();
    long nanos = duration.getNano();
    return Math.addExact(
        Math.multiplyExact(seconds, (long) sampleRate), nanos * sampleRate / NANOS_PER_SECOND);
  }

  /** The byte count of {@code duration}, rounded down to a whole frame. */
  public long bytes(Duration duration) {
    return Math.multiplyExact(frames(duration), (long) frameBytes());
  }

  /**
   * The duration of {@code byteCount} bytes; a trailing partial frame counts for nothing. Exact to
   * the nanosecond (rounded down).
   */
  public Duration duration(long byteCount) {
    if (byteCount < 0) {
      throw new IllegalArgumentException("byte count is negative: " + byteCount);
    }
    return framesDuration(byteCount / frameBytes());
  }

  /** The duration of {@code frameCount} frames, rounded down to the nanosecond. */
  public Duration framesDuration(long frameCount) {
    if (frameCount < 0) {
      throw new IllegalArgumentException("frame count is negative: " + frameCount);
    }
    long seconds = frameCount / sampleRate;
    long rest = frameCount % sampleRate;
    return Duration.ofSeconds(seconds, rest * NANOS_PER_SECOND / sampleRate);
  }

  /** This format with another sample rate. */
  public PcmFormat withSampleRate(int rate) {
    return new PcmFormat(rate, channels);
  }

  /** An audio part in this format (the bytes are copied). */
  public ProcessorPart part(byte[] pcm) {
    return ProcessorPart.blob(pcm, mimeType());
  }

  /**
   * Decodes little-endian 16-bit bytes into samples (interleaved for stereo); a trailing odd byte
   * is ignored.
   */
  public static short[] toSamples(ByteBuffer pcm) {
    ByteBuffer le = pcm.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    short[] samples = new short[le.remaining() / BYTES_PER_SAMPLE];
    le.asShortBuffer().get(samples);
    return samples;
  }

  /** Decodes little-endian 16-bit bytes into samples; a trailing odd byte is ignored. */
  public static short[] toSamples(byte[] pcm) {
    return toSamples(ByteBuffer.wrap(pcm));
  }

  /** Encodes samples as little-endian 16-bit bytes. */
  public static byte[] toBytes(short[] samples) {
    byte[] out = new byte[samples.length * BYTES_PER_SAMPLE];
    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().put(samples);
    return out;
  }

  @Override
  public String toString() {
    return sampleRate + " Hz " + (channels == 1 ? "mono" : "stereo");
  }

  private static void requireNotNegative(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("duration is negative: " + duration);
    }
  }

  private static String parameter(String mimeType, String name) {
    String[] pieces = mimeType.split(";");
    for (int i = 1; i < pieces.length; i++) {
      String piece = pieces[i].trim();
      int eq = piece.indexOf('=');
      if (eq > 0 && piece.substring(0, eq).trim().toLowerCase(Locale.ROOT).equals(name)) {
        return piece.substring(eq + 1).trim();
      }
    }
    return null;
  }
}
