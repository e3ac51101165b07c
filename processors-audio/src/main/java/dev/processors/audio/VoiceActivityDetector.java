package dev.processors.audio;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;

/**
 * Finds where speech starts and stops in a stream of 16-bit PCM audio. {@link
 * EnergyVoiceActivityDetector} is the built-in, level-based implementation; a model-based detector
 * plugs in by implementing this interface, and {@link VoiceActivityProcessor} turns any of them
 * into a pipeline stage.
 *
 * <p>A detector is a thread-safe factory of {@link Session}s; each session holds the state of one
 * audio stream and is used by one thread.
 */
public interface VoiceActivityDetector {

  /** Starts analysing one audio stream in {@code format}. */
  Session newSession(PcmFormat format);

  /**
   * The state of detection over one stream. Not thread-safe: one thread feeds it, in stream order.
   */
  interface Session {

    /**
     * Analyses the next audio of the stream (any length, whole frames or not; a partial frame is
     * kept for the next call) and returns the changes it confirmed, oldest first; usually empty.
     * Events alternate: a start, then an end, then a start. Does not block.
     */
    List<SpeechEvent> analyse(ByteBuffer pcm);

    /** True while speech is confirmed and its end not yet confirmed. */
    boolean speaking();

    /** How much audio this session has analysed. */
    Duration position();
  }
}
