package dev.processors.core;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How much of each utterance the listener has actually heard: the meeting point between the audio
 * side, which releases audio at playback speed, and the live layer, which keeps only heard output
 * in the prompt.
 *
 * <p>Model output parts carry the utterance they belong to in metadata under {@link #UTTERANCE_ID}.
 * The audio side calls {@link #released} as it plays each chunk; the live layer reads {@link
 * #heard}. One tracker is shared by both ends of one conversation:
 *
 * <pre>{@code
 * PlaybackTracker playback = PlaybackTracker.create();
 * AudioRateLimiter limiter = AudioRateLimiter.builder().playback(playback).build();
 * LiveModelProcessor live = LiveModelProcessor.builder(model).playback(playback).build();
 * }</pre>
 *
 * <p>Thread-safe; never blocks for long. Keeps the most recent {@value #RETAINED} utterances, so
 * memory stays bounded over an endless conversation.
 */
public final class PlaybackTracker {
  /** Metadata key naming the utterance (model turn) a part belongs to. */
  public static final String UTTERANCE_ID = "utterance_id";

  static final int RETAINED = 256;

  private final ReentrantLock lock = new ReentrantLock();
  private final LinkedHashMap<String, Utterance> entries =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Utterance> eldest) {
          return size() > RETAINED;
        }
      };

  private static final class Utterance {
    long heardNanos;
    boolean finished;
    boolean interrupted;
  }

  private PlaybackTracker() {}

  /** A new, empty tracker. */
  public static PlaybackTracker create() {
    return new PlaybackTracker();
  }

  /** Records that {@code duration} more of {@code utteranceId} was played. */
  public void released(String utteranceId, Duration duration) {
    Objects.requireNonNull(utteranceId, "utteranceId");
    if (duration.isNegative()) {
      throw new IllegalArgumentException("released duration is negative: " + duration);
    }
    lock.lock();
    try {
      entries.computeIfAbsent(utteranceId, k -> new Utterance()).heardNanos += duration.toNanos();
    } finally {
      lock.unlock();
    }
  }

  /** Records that playback of {@code utteranceId} ended: completely, or cut by an interruption. */
  public void ended(String utteranceId, boolean interrupted) {
    Objects.requireNonNull(utteranceId, "utteranceId");
    lock.lock();
    try {
      Utterance e = entries.computeIfAbsent(utteranceId, k -> new Utterance());
      e.finished = true;
      e.interrupted |= interrupted;
    } finally {
      lock.unlock();
    }
  }

  /** How much of {@code utteranceId} was heard; zero if nothing was played. */
  public Duration heard(String utteranceId) {
    return heardIfTracked(utteranceId).orElse(Duration.ZERO);
  }

  /** How much of {@code utteranceId} was heard, if the audio side ever reported on it. */
  public Optional<Duration> heardIfTracked(String utteranceId) {
    lock.lock();
    try {
      Utterance e = entries.get(utteranceId);
      return e == null ? Optional.empty() : Optional.of(Duration.ofNanos(e.heardNanos));
    } finally {
      lock.unlock();
    }
  }

  /** True once the audio side reported that playback of {@code utteranceId} ended. */
  public boolean hasEnded(String utteranceId) {
    lock.lock();
    try {
      Utterance e = entries.get(utteranceId);
      return e != null && e.finished;
    } finally {
      lock.unlock();
    }
  }

  /** True if playback of {@code utteranceId} was cut short by an interruption. */
  public boolean wasInterrupted(String utteranceId) {
    lock.lock();
    try {
      Utterance e = entries.get(utteranceId);
      return e != null && e.interrupted;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "PlaybackTracker[" + entries.size() + " utterances]";
    } finally {
      lock.unlock();
    }
  }
}
