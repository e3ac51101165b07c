package dev.processors.core;

import java.util.Objects;

/**
 * A recording could not be read: the file is not a recording, was made by a format version this
 * library does not read, is corrupted, or was cut short. The message names the file and the line
 * ({@code session.jsonl line 17: not valid JSON (...)}); {@link #line()} gives the line number (0
 * when the problem is the file as a whole).
 */
public class RecordingFormatException extends RuntimeException {
  private final String file;
  private final long line;

  /** A problem at {@code line} (1-based; 0 for the whole file) of {@code file}. */
  public RecordingFormatException(String file, long line, String message, Throwable cause) {
    super(
        Objects.requireNonNull(file, "file")
            + (line > 0 ? " line " + line : "")
            + ": "
            + Objects.requireNonNull(message, "message"),
        cause);
    this.file = file;
    this.line = line;
  }

  /** A problem at {@code line} of {@code file}, with no underlying exception. */
  public RecordingFormatException(String file, long line, String message) {
    this(file, line, message, null);
  }

  /** The file (or source) that was read. */
  public String file() {
    return file;
  }

  /** The 1-based line at fault, or 0 when the problem is the file as a whole. */
  public long line() {
    return line;
  }
}
