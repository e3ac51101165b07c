package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;

/**
 * A stage that plays PCM audio parts on the default sound output ({@code javax.sound.sampled}) and
 * passes every part on. Put an {@link AudioRateLimiter} in front of it so that the device buffer
 * stays small and an interruption is heard at once.
 *
 * <pre>{@code
 * Processor speak = AudioRateLimiter.create().andThen(SpeakerSink.create());
 * }</pre>
 *
 * <p><b>Behaviour.</b> The output line is opened at the first audio part with that part's format
 * and reopened if the format changes; an {@link SignalKind#INTERRUPTED} signal flushes what the
 * device still holds; at the end of input the line is drained (so the run ends when the sound does)
 * and closed. A cancelled or failed run closes the line without draining.
 *
 * <p><b>Threading.</b> Writes block while the device buffer ({@link Builder#buffer}, 100 ms by
 * default) is full; they run in the sound system's native code, which holds a carrier thread while
 * it blocks, which is why the buffer should stay small and be fed at playback pace. One thread per
 * run. <b>Errors.</b> {@link AudioException} when no output line is available for the format: a
 * machine without a sound device (servers, CI) cannot play; check {@link #isAvailable} first, or
 * write to a {@link WavFileSink} instead.
 */
public final class SpeakerSink implements Processor {
  private final Duration buffer;

  private SpeakerSink(Duration buffer) {
    this.buffer = buffer;
  }

  /** A speaker sink with a 100 ms device buffer. */
  public static SpeakerSink create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** True if this machine has an output line that can play {@code format}. Does not block. */
  public static boolean isAvailable(PcmFormat format) {
    try {
      return AudioSystem.isLineSupported(new DataLine.Info(SourceDataLine.class, awt(format)));
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void process(PartStream in, PartSink out) {
    SourceDataLine line = null;
    PcmFormat lineFormat = null;
    boolean completed = false;
    try {
      for (ProcessorPart part : in) {
        Optional<PcmFormat> f = PcmFormat.of(part);
        if (f.isPresent()) {
          if (!f.get().equals(lineFormat)) {
            if (line != null) {
              line.drain();
              line.close();
              line = null;
            }
            line = open(f.get());
            lineFormat = f.get();
          }
          byte[] bytes = ((Content.Blob) part.content()).bytes();
          line.write(bytes, 0, bytes.length - bytes.length % lineFormat.frameBytes());
        } else if (part.isSignal(SignalKind.INTERRUPTED) && line != null) {
          line.flush();
        }
        out.emit(part);
      }
      completed = true;
    } finally {
      if (line != null) {
        if (completed) {
          line.drain();
        }
        line.close();
      }
    }
  }

  private SourceDataLine open(PcmFormat format) {
    AudioFormat af = awt(format);
    try {
      SourceDataLine line = AudioSystem.getSourceDataLine(af);
      int bytes = (int) Math.max(format.frameBytes(), format.bytes(buffer));
      line.open(af, bytes);
      line.start();
      return line;
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      throw new AudioException(
          "no audio output line is available for 16-bit PCM "
              + format
              + " ("
              + e.getMessage()
              + "); this machine has no usable sound device (servers and CI have none):"
              + " check SpeakerSink.isAvailable(format) or write to a WavFileSink instead",
          e);
    }
  }

  private static AudioFormat awt(PcmFormat format) {
    return new AudioFormat(format.sampleRate(), 16, format.channels(), true, false);
  }

  @Override
  public String name() {
    return "SpeakerSink";
  }

  /** Settings of a {@link SpeakerSink}. Not thread-safe. */
  public static final class Builder {
    private Duration buffer = Duration.ofMillis(100);

    private Builder() {}

    /** The device buffer, 20 ms to 2 s (default 100 ms). */
    public Builder buffer(Duration buffer) {
      Objects.requireNonNull(buffer, "buffer");
      if (buffer.compareTo(Duration.ofMillis(20)) < 0
          || buffer.compareTo(Duration.ofSeconds(2)) > 0) {
        throw new IllegalArgumentException("buffer must be 20 ms to 2 s, got " + buffer);
      }
      this.buffer = buffer;
      return this;
    }

    /** The sink. */
    public SpeakerSink build() {
      return new SpeakerSink(buffer);
    }
  }
}
