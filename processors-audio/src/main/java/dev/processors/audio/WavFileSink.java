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

  private static final int RIFF_SIZE_OFFSET = 4;
  private static final int DATA_SIZE_OFFSET = WavFile.HEADER_BYTES - 4;

  private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (WavFile.HEADER_BYTES - 8);

  private static byte[] littleEndian(long size) {
    int v = (int) size;
    return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
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
        if (dataBytes + bytes.length > MAX_DATA_BYTES) {
          throw new AudioException(
              "WAV file " + file + " is full: a RIFF file holds at most 4 GiB of samples");
        }
        raf.write(bytes);
        dataBytes += bytes.length;
        updateSizes();
      } catch (IOException e) {
        throw new AudioException("cannot write WAV file " + file + ": " + e.getMessage(), e);
      }
    }

    /**
     * Patches the RIFF and data sizes in place, after the samples they count are written: were the
     * process to die between the two writes, the header would count fewer bytes than the file
     * holds, which is still a valid file.
     */
    private void updateSizes() throws IOException {
      long end = raf.getFilePointer();
      raf.seek(RIFF_SIZE_OFFSET);
      raf.write(littleEndian(WavFile.HEADER_BYTES - 8 + dataBytes));
      raf.seek(DATA_SIZE_OFFSET);
      raf.write(littleEndian(dataBytes));
      raf.seek(end);
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
