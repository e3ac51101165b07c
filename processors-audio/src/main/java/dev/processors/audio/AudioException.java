package dev.processors.audio;

/**
 * An audio problem outside the caller's arguments: a WAV file that is malformed or not 16-bit PCM,
 * a file that cannot be read or written, or no sound device. The message names the file, format or
 * device concerned. Bad arguments to factories and builders throw {@link IllegalArgumentException}
 * instead.
 */
public class AudioException extends RuntimeException {

  /** An audio failure described by {@code message}. */
  public AudioException(String message) {
    super(message);
  }

  /** An audio failure described by {@code message}, caused by {@code cause}. */
  public AudioException(String message, Throwable cause) {
    super(message, cause);
  }
}
