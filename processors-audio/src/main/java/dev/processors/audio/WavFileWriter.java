package dev.processors.audio;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * The one incremental WAV writer behind {@link WavFileSink} and {@link ConversationRecording}: a
 * file opened with the canonical header ({@link WavFile#header}), whose sample data is appended or
 * overwritten in place, and whose header sizes are brought up to date after every write, so the
 * file on disk is a valid WAV of everything written so far at every moment (after a cancelled run,
 * a failure, Ctrl-C or a kill).
 *
 * <p>Not thread-safe: its owner serialises calls. Blocks on file I/O. Errors: {@link
 * AudioException} naming the file.
 */
final class WavFileWriter {
  private static final long MAX_DATA_BYTES = 0xFFFF_FFFFL - (WavFile.HEADER_BYTES - 8);

  private final Path file;
  private final PcmFormat format;
  private final RandomAccessFile raf;
  private long dataBytes;
  private boolean closed;

  private WavFileWriter(Path file, PcmFormat format, RandomAccessFile raf) {
    this.file = file;
    this.format = format;
    this.raf = raf;
  }

  /** Creates (or empties) {@code file} and writes the header of an empty {@code format} WAV. */
  static WavFileWriter create(Path file, PcmFormat format) {
    try {
      RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw");
      try {
        raf.setLength(0);
        raf.write(WavFile.header(format, 0));
      } catch (IOException | RuntimeException e) {
        raf.close();
        throw e;
      }
      return new WavFileWriter(file, format, raf);
    } catch (IOException e) {
      throw failure(file, "write", e);
    }
  }

  PcmFormat format() {
    return format;
  }

  /** Bytes of sample data written so far. */
  long dataBytes() {
    return dataBytes;
  }

  /** Appends {@code bytes} of samples. */
  void append(byte[] bytes) {
    write(dataBytes, bytes, 0, bytes.length);
  }

  /**
   * Writes {@code length} bytes of {@code bytes} at {@code dataOffset} of the sample data, filling
   * any gap after the current end with silence.
   */
  void write(long dataOffset, byte[] bytes, int from, int length) {
    ensureOpen();
    long end = dataOffset + length;
    if (end > MAX_DATA_BYTES) {
      throw new AudioException(
          "WAV file " + file + " is full: a RIFF file holds at most 4 GiB of samples");
    }
    try {
      if (dataOffset > dataBytes) {
        raf.seek(WavFile.HEADER_BYTES + dataBytes);
        byte[] zeros = new byte[(int) Math.min(64 * 1024, dataOffset - dataBytes)];
        for (long left = dataOffset - dataBytes; left > 0; left -= zeros.length) {
          raf.write(zeros, 0, (int) Math.min(zeros.length, left));
        }
      }
      raf.seek(WavFile.HEADER_BYTES + dataOffset);
      raf.write(bytes, from, length);
      if (end > dataBytes) {
        dataBytes = end;
        updateSizes();
      }
    } catch (IOException e) {
      throw failure(file, "write", e);
    }
  }

  /** Reads {@code length} bytes at {@code dataOffset}; bytes past the end read as silence (0). */
  byte[] read(long dataOffset, int length) {
    ensureOpen();
    byte[] out = new byte[length];
    int available = (int) Math.max(0, Math.min(length, dataBytes - dataOffset));
    try {
      if (available > 0) {
        raf.seek(WavFile.HEADER_BYTES + dataOffset);
        raf.readFully(out, 0, available);
      }
      return out;
    } catch (IOException e) {
      throw failure(file, "read", e);
    }
  }

  /**
   * Rewrites the header with the new sizes, after the samples they count are written, in one write
   * call: a process killed at any instant leaves the RIFF and data sizes consistent with each other
   * (patching them one at a time left a window where they disagreed), and counting no more bytes
   * than the file holds.
   */
  private void updateSizes() throws IOException {
    raf.seek(0);
    raf.write(WavFile.header(format, dataBytes));
  }

  /** Rewrites the whole header once more and closes the file; later calls do nothing. */
  void close() {
    if (closed) {
      return;
    }
    closed = true;
    try (RandomAccessFile r = raf) {
      r.seek(0);
      r.write(WavFile.header(format, dataBytes));
    } catch (IOException e) {
      throw failure(file, "finish", e);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new AudioException("WAV file " + file + " is already closed");
    }
  }

  private static AudioException failure(Path file, String what, IOException e) {
    return new AudioException("cannot " + what + " WAV file " + file + ": " + e.getMessage(), e);
  }
}
