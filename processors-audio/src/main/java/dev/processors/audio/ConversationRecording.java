package dev.processors.audio;

import dev.processors.core.Clock;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A time-aligned stereo WAV of a whole voice conversation: the user on the left channel, the agent
 * on the right, each placed at the moment it was heard on the session's {@link Clock}, silence
 * where nobody spoke. A barge-in is audible where it happened: the agent's audio stops at the
 * instant its interruption reached the agent's stage, even in the middle of a chunk.
 *
 * <pre>{@code
 * try (ConversationRecording conversation =
 *     ConversationRecording.builder(Path.of("conversation.wav")).clock(clock).build()) {
 *   Processor agent = Processor.chain(
 *       conversation.user(), vad, model, limiter, conversation.agent());
 *   try (ProcessorRun run = agent.start(microphone)) { run.forEach(part -> {}); }
 * }
 * }</pre>
 *
 * <p><b>Placement.</b> Time 0 of the file is the clock's time when the recording was built. Put
 * {@link #user()} where the microphone's audio enters and {@link #agent()} where the agent's audio
 * is played (after the rate limiter). The two channels follow how their audio is made:
 *
 * <ul>
 *   <li>The user's audio comes from a microphone, which delivers samples continuously: a part is
 *       laid right after the user audio before it, so a pipeline that reads the microphone late (a
 *       busy machine) does not shift the voice. A part that arrives more than {@link
 *       Builder#userGap userGap} after that audio has ended starts a new stretch at its time of
 *       arrival (the microphone was off, or sends only speech).
 *   <li>The agent's audio is played: a part starts at its time of arrival, or right after the agent
 *       audio before it if that is still playing (a device plays its queue back to back; an {@link
 *       AudioRateLimiter} releases each chunk a little before the one ahead has ended).
 * </ul>
 *
 * <p>Audio of another rate is resampled part by part; stereo audio is mixed down to mono.
 *
 * <p><b>Interruption.</b> An {@link SignalKind#INTERRUPTED interrupted} signal reaching {@link
 * #agent()} erases the agent's audio scheduled after that instant (what a device does when its
 * queue is flushed). The file keeps its length.
 *
 * <p><b>File.</b> Created (replacing any old one) when the recording is built. After every part the
 * header is brought up to date, so the file is a valid WAV at every moment, also after a cancelled
 * run or a killed process. {@link #close()} finishes it; the stages then fail if they see audio.
 *
 * <p><b>Threading.</b> The two stages may run on different threads (and in several runs at once):
 * writes are serialised by a lock (a {@code ReentrantLock}, never {@code synchronized}) and block
 * on file I/O. Both stages pass every part on unchanged. <b>Errors.</b> {@link AudioException}
 * naming the file when it cannot be written or is already closed; {@link IllegalArgumentException}
 * for a PCM part with unsupported parameters or a partial frame.
 */
public final class ConversationRecording implements AutoCloseable {
  private final Path file;
  private final Clock clock;
  private final long originNanos;
  private final ReentrantLock lock = new ReentrantLock();
  private final WavFileWriter writer;
  private final Track userTrack;
  private final Track agentTrack = new Track(1, -1);

  private ConversationRecording(Builder b) {
    this.file = b.file;
    this.clock = b.clock;
    this.originNanos = clock.nanoTime();
    this.writer = WavFileWriter.create(file, PcmFormat.stereo(b.sampleRate));
    this.userTrack = new Track(0, writer.format().frames(b.userGap));
  }

  /** A builder writing to {@code file}. */
  public static Builder builder(Path file) {
    return new Builder(Objects.requireNonNull(file, "file"));
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /** The file's format: stereo 16-bit PCM at the builder's sample rate. */
  public PcmFormat format() {
    return writer.format();
  }

  /** The length of the recording so far. */
  public Duration duration() {
    lock.lock();
    try {
      return writer.format().duration(writer.dataBytes());
    } finally {
      lock.unlock();
    }
  }

  /** A pass-through stage writing the PCM audio it sees to the left (user) channel. */
  public Processor user() {
    return stage("user", userTrack);
  }

  /**
   * A pass-through stage writing the PCM audio it sees to the right (agent) channel, and cutting
   * that channel at the instant an interrupted signal passes.
   */
  public Processor agent() {
    return stage("agent", agentTrack);
  }

  /** Finishes the file. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      writer.close();
    } finally {
      lock.unlock();
    }
  }

  private Processor stage(String who, Track track) {
    String name = "ConversationRecording(" + file.getFileName() + ", " + who + ")";
    return new Processor() {
      @Override
      public void process(PartStream in, PartSink out) {
        for (ProcessorPart part : in) {
          Optional<PcmFormat> f = PcmFormat.of(part);
          if (f.isPresent()) {
            place(track, PcmAudio.of(part));
          } else if (track == agentTrack && part.isSignal(SignalKind.INTERRUPTED)) {
            cut(track);
          }
          out.emit(part);
        }
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  private void place(Track track, PcmAudio audio) {
    PcmFormat format = writer.format();
    short[] mono = monoAt(audio, format.sampleRate());
    lock.lock();
    try {
      long now = frameNow();
      long start =
          track.gapFrames >= 0 && track.endFrame > 0 && now <= track.endFrame + track.gapFrames
              ? track.endFrame
              : Math.max(now, track.endFrame);
      byte[] region = writer.read(start * format.frameBytes(), mono.length * format.frameBytes());
      for (int i = 0; i < mono.length; i++) {
        int at = i * format.frameBytes() + track.channel * PcmFormat.BYTES_PER_SAMPLE;
        region[at] = (byte) mono[i];
        region[at + 1] = (byte) (mono[i] >> 8);
      }
      writer.write(start * format.frameBytes(), region, 0, region.length);
      track.endFrame = start + mono.length;
    } finally {
      lock.unlock();
    }
  }

  private void cut(Track track) {
    PcmFormat format = writer.format();
    lock.lock();
    try {
      long from = frameNow();
      if (from >= track.endFrame) {
        return;
      }
      int frames = Math.toIntExact(track.endFrame - from);
      byte[] region = writer.read(from * format.frameBytes(), frames * format.frameBytes());
      for (int i = 0; i < frames; i++) {
        int at = i * format.frameBytes() + track.channel * PcmFormat.BYTES_PER_SAMPLE;
        region[at] = 0;
        region[at + 1] = 0;
      }
      writer.write(from * format.frameBytes(), region, 0, region.length);
      track.endFrame = from;
    } finally {
      lock.unlock();
    }
  }

  /** The frame of the file that is playing now on the clock. */
  private long frameNow() {
    long elapsed = Math.max(0, clock.nanoTime() - originNanos);
    return writer.format().frames(Duration.ofNanos(elapsed));
  }

  /** The clip's samples as one channel at {@code rate}. */
  private static short[] monoAt(PcmAudio audio, int rate) {
    PcmAudio at = audio.format().sampleRate() == rate ? audio : Resampler.resample(audio, rate);
    short[] samples = at.samples();
    if (at.format().channels() == 1) {
      return samples;
    }
    short[] mono = new short[samples.length / 2];
    for (int i = 0; i < mono.length; i++) {
      mono[i] = (short) ((samples[2 * i] + samples[2 * i + 1]) / 2);
    }
    return mono;
  }

  /**
   * Where one channel's audio ends, in frames of the file; guarded by the lock. A continuous track
   * ({@code gapFrames >= 0}) lays parts end to end unless one comes more than that late.
   */
  private static final class Track {
    final int channel;
    final long gapFrames;
    long endFrame;

    Track(int channel, long gapFrames) {
      this.channel = channel;
      this.gapFrames = gapFrames;
    }
  }

  /** Settings of a {@link ConversationRecording}. Not thread-safe; build once. */
  public static final class Builder {
    private final Path file;
    private Clock clock = Clock.system();
    private int sampleRate = 24_000;
    private Duration userGap = Duration.ofMillis(500);

    private Builder(Path file) {
      this.file = file;
    }

    /** The session's clock (default {@link Clock#system()}); a virtual one in tests. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The file's sample rate (default 24 kHz, the rate of most voice models' output).
     *
     * @throws IllegalArgumentException if outside 8–48 kHz
     */
    public Builder sampleRate(int sampleRate) {
      PcmFormat.stereo(sampleRate); // validates
      this.sampleRate = sampleRate;
      return this;
    }

    /**
     * How late a user part may arrive after the end of the user audio before it and still be laid
     * right after it (default 500 ms): later than that, the microphone is taken to have paused, and
     * the part starts at its time of arrival.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder userGap(Duration userGap) {
      if (Objects.requireNonNull(userGap, "userGap").isNegative()) {
        throw new IllegalArgumentException("userGap must not be negative, got " + userGap);
      }
      this.userGap = userGap;
      return this;
    }

    /**
     * Creates the file with an empty recording; time 0 is now on the clock.
     *
     * @throws AudioException if the file cannot be created
     */
    public ConversationRecording build() {
      return new ConversationRecording(this);
    }
  }
}
