package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An immutable clip of 16-bit PCM audio: a {@link PcmFormat} and whole frames of bytes. What {@link
 * WavFile} reads and writes and {@link Resampler#resample} converts.
 *
 * <p>The bytes are copied in and never handed out mutably. Thread-safe. Factories throw {@link
 * IllegalArgumentException} when the byte count is not a whole number of frames.
 */
public final class PcmAudio {
  private final PcmFormat format;
  private final byte[] data;

  private PcmAudio(PcmFormat format, byte[] data) {
    this.format = format;
    this.data = data;
  }

  /** A clip of {@code pcm} (copied) in {@code format}; the length must be whole frames. */
  public static PcmAudio of(PcmFormat format, byte[] pcm) {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(pcm, "pcm");
    return wrap(format, pcm.clone());
  }

  /** A clip of 16-bit samples (interleaved for stereo) in {@code format}. */
  public static PcmAudio ofSamples(PcmFormat format, short[] samples) {
    Objects.requireNonNull(format, "format");
    return wrap(format, PcmFormat.toBytes(samples));
  }

  /** A clip of silence lasting {@code duration} (rounded down to a whole frame). */
  public static PcmAudio silence(PcmFormat format, Duration duration) {
    return wrap(format, new byte[Math.toIntExact(format.bytes(duration))]);
  }

  /**
   * The audio of a PCM part ({@code audio/pcm;rate=N[;channels=2]}).
   *
   * @throws IllegalArgumentException if the part is not PCM audio or not whole frames
   */
  public static PcmAudio of(ProcessorPart part) {
    PcmFormat format =
        PcmFormat.of(part)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "not a PCM audio part (" + part.mimeType() + "): " + part));
    return wrap(format, ((Content.Blob) part.content()).bytes());
  }

  static PcmAudio wrap(PcmFormat format, byte[] data) {
    if (data.length % format.frameBytes() != 0) {
      throw new IllegalArgumentException(
          data.length + " bytes is not a whole number of " + format + " frames");
    }
    return new PcmAudio(format, data);
  }

  /** The format. */
  public PcmFormat format() {
    return format;
  }

  /** A fresh copy of the bytes. */
  public byte[] bytes() {
    return data.clone();
  }

  /** A read-only view of the bytes, without copying. */
  public ByteBuffer buffer() {
    return ByteBuffer.wrap(data).asReadOnlyBuffer();
  }

  /** The byte count. */
  public int size() {
    return data.length;
  }

  /** The number of frames. */
  public int frames() {
    return data.length / format.frameBytes();
  }

  /** The duration, rounded down to the nanosecond. */
  public Duration duration() {
    return format.duration(data.length);
  }

  /** The samples, interleaved for stereo (a fresh array). */
  public short[] samples() {
    return PcmFormat.toSamples(data);
  }

  /** This clip as a part of role user: {@code audio/pcm;rate=N[;channels=2]}. */
  public ProcessorPart toPart() {
    return ProcessorPart.blob(data, format.mimeType());
  }

  /** Frames {@code from} (inclusive) to {@code to} (exclusive) as a new clip. */
  public PcmAudio slice(int fromFrame, int toFrame) {
    if (fromFrame < 0 || toFrame > frames() || fromFrame > toFrame) {
      throw new IllegalArgumentException(
          "bad frame range [" + fromFrame + ", " + toFrame + ") of " + frames() + " frames");
    }
    int fb = format.frameBytes();
    return new PcmAudio(format, Arrays.copyOfRange(data, fromFrame * fb, toFrame * fb));
  }

  /**
   * Splits the clip into consecutive chunks of {@code chunk} (rounded down to whole frames, at
   * least one frame); the last chunk holds the rest and may be shorter. Concatenating the chunks
   * gives back this clip exactly.
   */
  public List<PcmAudio> chunks(Duration chunk) {
    int frames = chunkFrames(format, chunk);
    List<PcmAudio> out = new ArrayList<>();
    for (int start = 0; start < frames(); start += frames) {
      out.add(slice(start, Math.min(frames(), start + frames)));
    }
    return out;
  }

  /** {@link #chunks} as parts. */
  public List<ProcessorPart> toParts(Duration chunk) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (PcmAudio c : chunks(chunk)) {
      parts.add(c.toPart());
    }
    return parts;
  }

  /** Joins clips of one format end to end. */
  public static PcmAudio concat(List<PcmAudio> clips) {
    if (clips.isEmpty()) {
      throw new IllegalArgumentException("nothing to concatenate");
    }
    PcmFormat format = clips.get(0).format;
    int total = 0;
    for (PcmAudio c : clips) {
      if (!c.format.equals(format)) {
        throw new IllegalArgumentException(
            "cannot concatenate " + format + " with " + c.format + " audio");
      }
      total = Math.addExact(total, c.data.length);
    }
    byte[] out = new byte[total];
    int at = 0;
    for (PcmAudio c : clips) {
      System.arraycopy(c.data, 0, out, at, c.data.length);
      at += c.data.length;
    }
    return new PcmAudio(format, out);
  }

  static int chunkFrames(PcmFormat format, Duration chunk) {
    Objects.requireNonNull(chunk, "chunk");
    if (chunk.isNegative() || chunk.isZero()) {
      throw new IllegalArgumentException("chunk duration must be positive, got " + chunk);
    }
    long frames = format.frames(chunk);
    if (frames > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("chunk duration is too long: " + chunk);
    }
    return (int) Math.max(1, frames);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PcmAudio a && format.equals(a.format) && Arrays.equals(data, a.data);
  }

  @Override
  public int hashCode() {
    return 31 * format.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "PcmAudio[" + format + ", " + duration().toMillis() + " ms]";
  }
}
