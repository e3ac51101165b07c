package dev.processors.audio;

/**
 * When the audio released so far will have finished playing, kept exact: each chunk moves it by its
 * frames at its rate, carrying the sub-nanosecond remainder, so rounding never accumulates into
 * drift. Confined to one release task; not thread-safe.
 */
final class Playhead {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private boolean started;
  private long position;
  private long remainder; // sub-nanosecond part of the position, in 1/remainderRate units
  private int remainderRate;

  /** True once {@link #restartAt} has been called (and not {@link #reset} since). */
  boolean isStarted() {
    return started;
  }

  /** The clock time at which the released audio will have played. */
  long position() {
    return position;
  }

  /** Starts a new stretch of audio at {@code nanos}. */
  void restartAt(long nanos) {
    started = true;
    position = nanos;
    remainder = 0;
  }

  /** Forgets the schedule: the next audio starts a new stretch. */
  void reset() {
    started = false;
  }

  /**
   * Moves the position by exactly {@code frames} at {@code sampleRate}; returns the nanoseconds.
   */
  long advance(long frames, int sampleRate) {
    if (sampleRate != remainderRate) {
      remainderRate = sampleRate;
      remainder = 0;
    }
    long before = position;
    long numerator = frames * NANOS_PER_SECOND + remainder;
    position += numerator / sampleRate;
    remainder = numerator % sampleRate;
    return position - before;
  }
}
