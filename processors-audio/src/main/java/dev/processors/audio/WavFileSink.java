package dev.processors.audio;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
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
 * at the start of the run when the format was given. Each part's samples are written, then the
 * header's sizes are brought up to date, before the part is passed on: the file on disk is a valid
 * WAV of everything written so far at every moment, so it stays valid when the run ends, fails or
 * is cancelled, and also when the process dies without unwinding (Ctrl-C, a kill). Without a given
 * format and without audio, no file is written.
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
    WavFileWriter writer = null;
    try {
      if (format != null) {
        writer = WavFileWriter.create(file, format);
      }
      for (ProcessorPart part : in) {
        Optional<PcmFormat> f = PcmFormat.of(part);
        if (f.isPresent()) {
          if (writer == null) {
            writer = WavFileWriter.create(file, f.get());
          } else if (!writer.format().equals(f.get())) {
            throw new AudioException(
                "WAV file "
                    + file
                    + " holds "
                    + writer.format()
                    + " audio; got a part in "
                    + f.get()
                    + " (resample it first)");
          }
          writer.append(((Content.Blob) part.content()).bytes());
        }
        out.emit(part);
      }
    } finally {
      try {
        if (writer != null) {
          writer.close();
        }
      } finally {
        busy.set(false);
      }
    }
  }

  @Override
  public String name() {
    return "WavFileSink(" + file.getFileName() + ")";
  }
}
