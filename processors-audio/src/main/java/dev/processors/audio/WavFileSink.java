package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A stage that writes the PCM audio parts it sees to a WAV file and passes every part on unchanged,
 * so it can sit anywhere in a chain: after an {@link AudioRateLimiter} it records what the listener
 * heard.
 *
 * <pre>{@code
 * Processor record = WavFileSink.to(Path.of("heard.wav"));
 * }</pre>
 *
 * <p><b>File.</b> The file is created (replacing any old one) when the first audio part arrives, or
 * at the start of the run when the format was given; its header is completed when the run ends,
 * fails or is cancelled, so the file is a valid WAV whatever happens. Without a given format and
 * without audio, no file is written. Each part is written before it is passed on.
 *
 * <p><b>Threading.</b> Runs on its stage's thread and blocks on file writes (which an interrupt
 * does not abort). One run at a time: a second concurrent run of the same sink fails with {@link
 * IllegalStateException}. <b>Errors.</b> {@link AudioException} naming the file when it cannot be
 * written, or when a part's format differs from the file's.
 */
public final class WavFileSink implements Processor {
  private final Path file;
  private final PcmFormat format;
  private final AtomicBoolean busy = new AtomicBoolean();

  private WavFileSink(Path file, PcmFormat format) {
    this.file = file;
    this.format = format;
  }

  /** A sink writing to {@code file} in the format of the first audio part. */
  public static WavFileSink to(Path file) {
    return new WavFileSink(Objects.requireNonNull(file, "file"), null);
  }

  /** A sink writing {@code format} audio to {@code file}; the file exists even without audio. */
  public static WavFileSink to(Path file, PcmFormat format) {
    return new WavFileSink(
        Objects.requireNonNull(file, "file"), Objects.requireNonNull(format, "format"));
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  @Override
  public void process(PartStream in, PartSink out) {
    if (!busy.compareAndSet(false, true)) {
      throw new IllegalStateException(
          "WavFileSink for " + file + " is already writing in another run");
    }
    Writer writer = new Writer();
    try {
      if (format != null) {
        writer.open(format);
      }
      for (ProcessorPart part : in) {
        Optional<PcmFormat> f = PcmFormat.of(part);
        if (f.isPresent()) {
          if (writer.raf == null) {
            writer.open(f.get());
          } else if (!writer.format.equals(f.get())) {
            throw new AudioException(
                "WAV file "
                    + file
                    + " holds "
                    + writer.format
                    + " audio; got a part in "
                    + f.get()
                    + " (resample it first)");
          }
          writer.write((Content.Blob) part.content());
        }
        out.emit(part);
      }
    } finally {
      try {
        writer.close();
      } finally {
        busy.set(false);
      }
    }
  }

  @Override
  public String name() {
    return "WavFileSink(" + file.getFileName() + ")";
  }

  private final class Writer {
    RandomAccessFile raf;
    PcmFormat format;
    long dataBytes;

    void open(PcmFormat f) {
      try {
        raf = new RandomAccessFile(file.toFile(), "rw");
        raf.setLength(0);
        raf.write(WavFile.header(f, 0));
        format = f;
      } catch (IOException e) {
        throw new AudioException("cannot write WAV file " + file + ": " + e.getMessage(), e);
      }
    }

    void write(Content.Blob blob) {
      try {
        byte[] bytes = blob.bytes();
        raf.write(bytes);
        dataBytes += bytes.length;
      } catch (IOException e) {
        throw new AudioException("cannot write WAV file " + file + ": " + e.getMessage(), e);
      }
    }

    void close() {
      if (raf == null) {
        return;
      }
      try (RandomAccessFile r = raf) {
        r.seek(0);
        r.write(WavFile.header(format, dataBytes));
      } catch (IOException e) {
        throw new AudioException("cannot finish WAV file " + file + ": " + e.getMessage(), e);
      }
    }
  }
}
