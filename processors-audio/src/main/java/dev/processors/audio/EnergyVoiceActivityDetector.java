package dev.processors.audio;

import dev.processors.core.SignalKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A voice activity detector that decides by loudness: cheap, predictable, and good enough for
 * barge-in on a clean microphone; plug in a model-based {@link VoiceActivityDetector} where noise
 * is speech-like.
 *
 * <p><b>How it decides.</b> The audio is cut into frames (20 ms by default) and each frame's RMS
 * level is measured in dBFS (0 dB is a full-scale square wave). The noise floor is the quietest
 * frame of the last {@link Builder#noiseWindow noise window} (3 s). A frame is voiced when its
 * level reaches the <em>start threshold</em>, {@code max(minVolume, floor + snrMargin)}; once
 * speech is under way, frames stay voiced down to the lower <em>stop threshold</em>, the start
 * threshold minus the {@link Builder#hysteresis hysteresis}, so a level hovering at the threshold
 * does not flap. Speech starts after {@link Builder#startDuration startDuration} of consecutive
 * voiced frames (0.2 s) and ends after {@link Builder#stopDuration stopDuration} of consecutive
 * unvoiced ones (0.2 s): the defaults are pipecat's.
 *
 * <p><b>Limits.</b> Stationary noise louder than {@code minVolume} is learned as the floor and
 * ignored; speech-like noise (babble, music) is detected as speech. A sound that never pauses for
 * longer than the noise window becomes the floor (speech always pauses). The floor is learned from
 * what the stream has played so far, so speech in the very first frames of a stream, before any
 * quieter frame, counts only after its first pause.
 *
 * <p>Immutable and thread-safe; its sessions are used by one thread each. Builder methods throw
 * {@link IllegalArgumentException} naming a value out of range.
 */
public final class EnergyVoiceActivityDetector implements VoiceActivityDetector {
  private final Duration frame;
  private final Duration startDuration;
  private final Duration stopDuration;
  private final double minVolumeDb;
  private final double snrMarginDb;
  private final double hysteresisDb;
  private final Duration noiseWindow;

  private EnergyVoiceActivityDetector(Builder b) {
    this.frame = b.frame;
    this.startDuration = b.startDuration;
    this.stopDuration = b.stopDuration;
    this.minVolumeDb = b.minVolumeDb;
    this.snrMarginDb = b.snrMarginDb;
    this.hysteresisDb = b.hysteresisDb;
    this.noiseWindow = b.noiseWindow;
  }

  /** A detector with the defaults described on {@link Builder}. */
  public static EnergyVoiceActivityDetector create() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public Session newSession(PcmFormat format) {
    return new EnergySession(Objects.requireNonNull(format, "format"));
  }

  /** The level of {@code pcm} in dBFS (RMS over all samples; -100 for silence or no samples). */
  public static double levelDb(ByteBuffer pcm) {
    ByteBuffer le = pcm.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    int n = le.remaining() / 2;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double s = le.getShort();
      sum += s * s;
    }
    return n == 0 ? FLOOR_DB : toDb(sum / n);
  }

  private static double levelDb(byte[] pcm) {
    double sum = 0;
    int n = pcm.length / 2;
    for (int i = 0; i < n; i++) {
      double s = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
      sum += s * s;
    }
    return n == 0 ? FLOOR_DB : toDb(sum / n);
  }

  private static final double FLOOR_DB = -100;
  private static final double FULL_SCALE_SQUARED = 32768.0 * 32768.0;

  private static double toDb(double meanSquare) {
    if (meanSquare <= 0) {
      return FLOOR_DB;
    }
    return Math.max(FLOOR_DB, 10 * Math.log10(meanSquare / FULL_SCALE_SQUARED));
  }

  @Override
  public String toString() {
    return "EnergyVoiceActivityDetector[frame="
        + frame.toMillis()
        + "ms, start="
        + startDuration.toMillis()
        + "ms, stop="
        + stopDuration.toMillis()
        + "ms, minVolume="
        + minVolumeDb
        + "dBFS, snrMargin="
        + snrMarginDb
        + "dB, hysteresis="
        + hysteresisDb
        + "dB, noiseWindow="
        + noiseWindow.toMillis()
        + "ms]";
  }

  private enum State {
    QUIET,
    STARTING,
    SPEAKING,
    STOPPING
  }

  private final class EnergySession implements Session {
    private final PcmFormat format;
    private final int frameFrames;
    private final byte[] partial;
    private int partialSize;
    private final int startFrames;
    private final int stopFrames;
    // Sliding minimum of frame levels over the noise window: a monotonic deque in a ring.
    private final double[] minLevels;
    private final long[] minIndices;
    private int minHead;
    private int minSize;
    private final int windowFrames;
    private long frameIndex;
    private State state = State.QUIET;
    private long runStart;
    private int run;

    EnergySession(PcmFormat format) {
      this.format = format;
      this.frameFrames = (int) Math.max(1, format.frames(frame));
      this.partial = new byte[frameFrames * format.frameBytes()];
      Duration frameLength = format.framesDuration(frameFrames);
      this.startFrames = framesFor(startDuration, frameLength);
      this.stopFrames = framesFor(stopDuration, frameLength);
      this.windowFrames = Math.max(1, framesFor(noiseWindow, frameLength));
      this.minLevels = new double[windowFrames + 1];
      this.minIndices = new long[windowFrames + 1];
    }

    @Override
    public List<SpeechEvent> analyse(ByteBuffer pcm) {
      ByteBuffer in = pcm.duplicate();
      List<SpeechEvent> events = List.of();
      while (in.hasRemaining()) {
        int n = Math.min(in.remaining(), partial.length - partialSize);
        in.get(partial, partialSize, n);
        partialSize += n;
        if (partialSize == partial.length) {
          partialSize = 0;
          SpeechEvent e = frame(levelDb(partial));
          if (e != null) {
            if (events.isEmpty()) {
              events = new ArrayList<>(2);
            }
            events.add(e);
          }
        }
      }
      return events;
    }

    @Override
    public boolean speaking() {
      return state == State.SPEAKING || state == State.STOPPING;
    }

    @Override
    public Duration position() {
      return format.framesDuration(frameIndex * frameFrames + partialSize / format.frameBytes());
    }

    private SpeechEvent frame(double level) {
      long index = frameIndex++;
      double floor = pushLevel(index, level);
      double startThreshold = Math.max(minVolumeDb, floor + snrMarginDb);
      double stopThreshold = startThreshold - hysteresisDb;
      boolean voiced = level >= (state == State.QUIET ? startThreshold : stopThreshold);
      switch (state) {
        case QUIET -> {
          if (voiced) {
            state = State.STARTING;
            runStart = index;
            run = 0;
            return advanceStart(index);
          }
        }
        case STARTING -> {
          if (voiced) {
            return advanceStart(index);
          }
          state = State.QUIET;
        }
        case SPEAKING -> {
          if (!voiced) {
            state = State.STOPPING;
            runStart = index;
            run = 0;
            return advanceStop(index);
          }
        }
        case STOPPING -> {
          if (!voiced) {
            return advanceStop(index);
          }
          state = State.SPEAKING;
        }
      }
      return null;
    }

    private SpeechEvent advanceStart(long index) {
      if (++run >= startFrames) {
        state = State.SPEAKING;
        return event(SignalKind.START_OF_SPEECH, index);
      }
      return null;
    }

    private SpeechEvent advanceStop(long index) {
      if (++run >= stopFrames) {
        state = State.QUIET;
        return event(SignalKind.END_OF_SPEECH, index);
      }
      return null;
    }

    private SpeechEvent event(SignalKind kind, long index) {
      return new SpeechEvent(
          kind,
          format.framesDuration(runStart * frameFrames),
          format.framesDuration((index + 1) * frameFrames));
    }

    /** Adds a level to the sliding window and returns the window's minimum. */
    private double pushLevel(long index, double level) {
      int cap = minLevels.length;
      // Drop levels no lower than the new one from the back: they can never be the minimum again.
      while (minSize > 0 && minLevels[(minHead + minSize - 1) % cap] >= level) {
        minSize--;
      }
      int tail = (minHead + minSize) % cap;
      minLevels[tail] = level;
      minIndices[tail] = index;
      minSize++;
      while (minIndices[minHead] <= index - windowFrames) {
        minHead = (minHead + 1) % cap;
        minSize--;
      }
      return minLevels[minHead];
    }
  }

  private static int framesFor(Duration d, Duration frameLength) {
    long f = frameLength.toNanos();
    return (int) Math.max(1, (d.toNanos() + f - 1) / f);
  }

  /**
   * Settings of an {@link EnergyVoiceActivityDetector}. Defaults: 20 ms frames, 0.2 s start and
   * stop durations, minimum volume -45 dBFS, 10 dB above the noise floor to start, 6 dB of
   * hysteresis, a 3 s noise window. Not thread-safe; {@link #build} copies the settings.
   */
  public static final class Builder {
    private Duration frame = Duration.ofMillis(20);
    private Duration startDuration = Duration.ofMillis(200);
    private Duration stopDuration = Duration.ofMillis(200);
    private double minVolumeDb = -45;
    private double snrMarginDb = 10;
    private double hysteresisDb = 6;
    private Duration noiseWindow = Duration.ofSeconds(3);

    private Builder() {}

    /** The analysis frame, 5 to 100 ms (default 20 ms). */
    public Builder frame(Duration frame) {
      this.frame = within("frame", frame, Duration.ofMillis(5), Duration.ofMillis(100));
      return this;
    }

    /** Voiced time needed to confirm a start of speech, 0 to 5 s (default 0.2 s). */
    public Builder startDuration(Duration d) {
      this.startDuration = within("startDuration", d, Duration.ZERO, Duration.ofSeconds(5));
      return this;
    }

    /** Unvoiced time needed to confirm an end of speech, 0 to 10 s (default 0.2 s). */
    public Builder stopDuration(Duration d) {
      this.stopDuration = within("stopDuration", d, Duration.ZERO, Duration.ofSeconds(10));
      return this;
    }

    /** The quietest level that can start speech, in dBFS, -90 to 0 (default -45). */
    public Builder minVolume(double dbfs) {
      this.minVolumeDb = within("minVolume (dBFS)", dbfs, -90, 0);
      return this;
    }

    /** How far above the noise floor a frame must be to start speech, 0 to 40 dB (default 10). */
    public Builder snrMargin(double db) {
      this.snrMarginDb = within("snrMargin (dB)", db, 0, 40);
      return this;
    }

    /** How much lower the level may fall while speech goes on, 0 to 30 dB (default 6). */
    public Builder hysteresis(double db) {
      this.hysteresisDb = within("hysteresis (dB)", db, 0, 30);
      return this;
    }

    /** The span over which the noise floor is the quietest frame, 0.5 to 60 s (default 3 s). */
    public Builder noiseWindow(Duration window) {
      this.noiseWindow =
          within("noiseWindow", window, Duration.ofMillis(500), Duration.ofSeconds(60));
      return this;
    }

    /** The detector. */
    public EnergyVoiceActivityDetector build() {
      return new EnergyVoiceActivityDetector(this);
    }

    private static Duration within(String name, Duration value, Duration min, Duration max) {
      Objects.requireNonNull(value, name);
      if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
        throw new IllegalArgumentException(
            name + " must be " + min + " to " + max + ", got " + value);
      }
      return value;
    }

    private static double within(String name, double value, double min, double max) {
      if (!(value >= min && value <= max)) {
        throw new IllegalArgumentException(
            name + " must be " + min + " to " + max + ", got " + value);
      }
      return value;
    }
  }
}
