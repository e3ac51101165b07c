package dev.processors.audio;

import dev.processors.core.Clock;
import dev.processors.core.ProcessorPart;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * The audio of a WAV file as the input of a run, in chunks, at real-time pace (like a microphone)
 * or as fast as the run reads.
 *
 * <pre>{@code
 * WavFileSource mic = WavFileSource.builder(Path.of("question.wav")).chunk(Duration.ofMillis(20)).build();
 * try (ProcessorRun run = VoiceActivityProcessor.create().start(mic)) { ... }
 * }</pre>
 *
 * <p><b>Pacing.</b> In real time, chunk i is handed out when the chunks before it would have played
 * since the first one was taken: a drift-free schedule on the {@link Clock}, not a fixed sleep per
 * chunk. Each iteration starts its own schedule and reads the file afresh when it starts (the whole
 * file is read into memory).
 *
 * <p><b>Threading.</b> The source is immutable and may be iterated many times, by many threads;
 * each iterator is used by one thread, and in real time its {@code next()} blocks on the clock. An
 * interrupt while it waits (a run being closed) surfaces as {@link CancellationException}.
 * <b>Errors.</b> {@link AudioException} from {@link #iterator()} when the file cannot be read or is
 * not 16-bit PCM WAV.
 */
public final class WavFileSource implements Iterable<ProcessorPart> {
  private final Path file;
  private final Duration chunk;
  private final boolean realTime;
  private final Clock clock;
  private final String role;

  private WavFileSource(Builder b) {
    this.file = b.file;
    this.chunk = b.chunk;
    this.realTime = b.realTime;
    this.clock = b.clock;
    this.role = b.role;
  }

  /** A real-time source of {@code file} in 20 ms chunks on the system clock. */
  public static WavFileSource of(Path file) {
    return builder(file).build();
  }

  /** A builder for a source of {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  /** Reads the file and returns an iterator over its chunks; see the class description. */
  @Override
  public Iterator<ProcessorPart> iterator() {
    PcmAudio audio = WavFile.read(file);
    List<PcmAudio> chunks = audio.chunks(chunk);
    return new Iterator<>() {
      private int next;
      private boolean started;
      private long start;
      private long frames; // frames handed out so far

      @Override
      public boolean hasNext() {
        return next < chunks.size();
      }

      @Override
      public ProcessorPart next() {
        if (!hasNext()) {
          throw new NoSuchElementException("the end of " + file + " was reached");
        }
        PcmAudio c = chunks.get(next++);
        if (realTime) {
          if (!started) {
            started = true;
            start = clock.nanoTime();
          } else {
            awaitUntil(start + audio.format().framesDuration(frames).toNanos());
          }
        }
        frames += c.frames();
        return c.toPart().withRole(role);
      }
    };
  }

  private void awaitUntil(long deadline) {
    try {
      clock.sleepUntil(deadline);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CancellationException("interrupted while pacing " + file);
    }
  }

  @Override
  public String toString() {
    return "WavFileSource["
        + file
        + ", "
        + chunk.toMillis()
        + " ms chunks, "
        + (realTime ? "real time" : "as fast as possible")
        + "]";
  }

  /** Settings of a {@link WavFileSource}. Not thread-safe. */
  public static final class Builder {
    private final Path file;
    private Duration chunk = Duration.ofMillis(20);
    private boolean realTime = true;
    private Clock clock = Clock.system();
    private String role = ProcessorPart.USER;

    private Builder(Path file) {
      this.file = file;
    }

    /** The chunk duration, 1 ms to 10 s (default 20 ms); the last chunk may be shorter. */
    public Builder chunk(Duration chunk) {
      Objects.requireNonNull(chunk, "chunk");
      if (chunk.compareTo(Duration.ofMillis(1)) < 0
          || chunk.compareTo(Duration.ofSeconds(10)) > 0) {
        throw new IllegalArgumentException("chunk must be 1 ms to 10 s, got " + chunk);
      }
      this.chunk = chunk;
      return this;
    }

    /** Real-time pace (default true) or as fast as the run reads (false). */
    public Builder realTime(boolean realTime) {
      this.realTime = realTime;
      return this;
    }

    /** The clock for real-time pace (default {@link Clock#system()}). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The role of the parts (default {@link ProcessorPart#USER}). */
    public Builder role(String role) {
      this.role = Objects.requireNonNull(role, "role");
      return this;
    }

    /** The source. */
    public WavFileSource build() {
      return new WavFileSource(this);
    }
  }
}
