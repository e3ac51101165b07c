package dev.processors.core;

/**
 * A replay could not go on: the recording lacks what the replay needs (the input point, a call of a
 * recorded model), or the pipeline stalled (every thread waits and none waits for time), or kept
 * running without ever settling. The message says which and at what time of the recording.
 */
public class ReplayException extends RuntimeException {

  /** A replay failure with its explanation. */
  public ReplayException(String message) {
    super(message);
  }

  /** A replay failure caused by {@code cause}. */
  public ReplayException(String message, Throwable cause) {
    super(message, cause);
  }
}
