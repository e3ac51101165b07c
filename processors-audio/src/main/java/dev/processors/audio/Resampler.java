package dev.processors.audio;

import dev.processors.core.Processor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Converts 16-bit PCM from one sample rate to another, with anti-aliasing: a polyphase
 * Kaiser-windowed sinc filter (about 80 dB stopband) whose cutoff sits just below the lower of the
 * two Nyquist frequencies, so content the new rate cannot represent is removed instead of folding
 * back as aliases. The output is time-aligned with the input (no delay) and {@code N} input frames
 * become exactly {@code ceil(N * toRate / fromRate)} output frames.
 *
 * <pre>{@code
 * PcmAudio at16k = Resampler.resample(WavFile.read(path), 16_000);   // a whole clip
 * Resampler r = Resampler.create(PcmFormat.mono(48_000), 16_000);     // a stream
 * byte[] out = r.process(chunk.buffer());  // as chunks arrive
 * byte[] tail = r.flush();                 // at the end
 * }</pre>
 *
 * <p><b>Streaming.</b> A {@code Resampler} keeps the state of one stream: {@link #process} returns
 * the output that the input so far determines and holds back the last few milliseconds (half the
 * filter length) until more input or {@link #flush} arrives. Chunk boundaries do not change the
 * output. {@link #processor(int)} wraps this as a pipeline stage.
 *
 * <p><b>Threading.</b> A {@code Resampler} is used by one thread at a time; the static methods are
 * thread-safe. Nothing blocks. <b>Errors.</b> {@link IllegalArgumentException} for an unsupported
 * rate.
 */
public final class Resampler {
  private final PcmFormat input;
  private final PcmFormat output;
  private final ResamplingFilter filter;
  private final int channels;
  private final float[][] history;
  private final float[] scratch;
  private int count; // samples per channel held in history
  private long historyStart; // absolute input index of history[c][0]
  private long inputCount; // input frames received since the stream started
  private long nextOutput; // index of the next output frame
  private final byte[] carry = new byte[4]; // part of a frame split across process calls
  private int carried;

  private Resampler(PcmFormat input, int toRate) {
    this.input = input;
    this.output = input.withSampleRate(toRate);
    this.channels = input.channels();
    if (input.sampleRate() == toRate) {
      this.filter = null;
      this.history = new float[0][];
      this.scratch = new float[0];
    } else {
      this.filter = ResamplingFilter.forRates(input.sampleRate(), toRate);
      this.history = new float[channels][Math.max(64, 4 * filter.taps)];
      this.scratch = new float[filter.taps];
    }
    reset();
  }

  /** A resampler for one stream of {@code input} audio to {@code toRate} Hz. */
  public static Resampler create(PcmFormat input, int toRate) {
    Objects.requireNonNull(input, "input");
    input.withSampleRate(toRate); // validates the target rate
    return new Resampler(input, toRate);
  }

  /** Converts a whole clip to {@code toRate} Hz. */
  public static PcmAudio resample(PcmAudio audio, int toRate) {
    Resampler r = create(audio.format(), toRate);
    byte[] head = r.process(audio.buffer());
    byte[] tail = r.flush();
    byte[] all = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, all, head.length, tail.length);
    return PcmAudio.wrap(r.output, all);
  }

  /**
   * A pipeline stage that converts every PCM audio part to {@code toRate} Hz, keeping each part's
   * role, substream and metadata; parts already at that rate and all other parts pass unchanged.
   * See {@link ResamplingProcessor} for ordering and interruption.
   */
  public static Processor processor(int toRate) {
    PcmFormat.mono(toRate); // validates
    return new ResamplingProcessor(toRate);
  }

  /** The input format. */
  public PcmFormat inputFormat() {
    return input;
  }

  /** The output format: the input's channels at the target rate. */
  public PcmFormat outputFormat() {
    return output;
  }

  /**
   * Feeds input (16-bit little-endian, interleaved for stereo) and returns the output it completes;
   * may be empty. A byte or frame split across calls is joined with the next call.
   */
  public byte[] process(ByteBuffer pcm) {
    ByteBuffer in = pcm.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    if (filter == null) {
      return passThrough(in);
    }
    int frameBytes = input.frameBytes();
    int frames = (carried + in.remaining()) / frameBytes;
    ensureRoom(frames);
    for (int f = 0; f < frames; f++) {
      for (int c = 0; c < channels; c++) {
        int lo = nextByte(in) & 0xFF;
        int hi = nextByte(in);
        history[c][count] = (short) ((hi << 8) | lo);
      }
      count++;
    }
    inputCount += frames;
    while (in.hasRemaining()) {
      carry[carried++] = in.get(); // less than a frame: joined with the next call
    }
    return produce(Long.MAX_VALUE, inputCount);
  }

  /** {@link #process(ByteBuffer)} over an array. */
  public byte[] process(byte[] pcm) {
    return process(ByteBuffer.wrap(pcm));
  }

  /**
   * Ends the stream: returns the output still held back, then starts a fresh stream (as if newly
   * created). A partial frame left over from {@link #process} is dropped.
   */
  public byte[] flush() {
    if (filter == null) {
      reset();
      return new byte[0];
    }
    long outputs = ceilDiv(inputCount * filter.up, filter.down);
    ensureRoom(filter.halfTaps + 1);
    for (int c = 0; c < channels; c++) {
      Arrays.fill(history[c], count, count + filter.halfTaps + 1, 0f);
    }
    count += filter.halfTaps + 1;
    byte[] out = produce(outputs, inputCount + filter.halfTaps + 1);
    reset();
    return out;
  }

  /** Drops all state: the next input starts a fresh stream. */
  public void reset() {
    count = 0;
    inputCount = 0;
    nextOutput = 0;
    carried = 0;
    if (filter != null) {
      // Virtual zeros before the first sample, so the first outputs have full history.
      historyStart = -(filter.halfTaps - 1);
      for (float[] h : history) {
        Arrays.fill(h, 0, filter.halfTaps - 1, 0f);
      }
      count = filter.halfTaps - 1;
    }
  }

  private byte[] produce(long outputLimit, long availableFrames) {
    ResamplingFilter f = filter;
    // Output n needs input up to index center + K, where center = floor(n * M / L).
    long last = availableFrames - 1;
    long limit = outputLimit;
    long maxByInput = (last - f.halfTaps + 1) * f.up; // n * M < (last - K + 1) * L
    long n0 = nextOutput;
    long n1 = n0;
    if (maxByInput > 0) {
      n1 = Math.max(n0, Math.min(limit, ceilDiv(maxByInput, f.down)));
    }
    int outFrames = (int) (n1 - n0);
    byte[] out = new byte[outFrames * output.frameBytes()];
    ByteBuffer ob = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    for (long n = n0; n < n1; n++) {
      long pos = n * f.down;
      long center = pos / f.up;
      int phase = (int) (pos - center * f.up);
      float[] coef = f.coefficients(phase, scratch);
      int first = (int) (center - f.halfTaps + 1 - historyStart);
      for (int c = 0; c < channels; c++) {
        int s = Math.round(dot(history[c], first, coef));
        ob.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, s)));
      }
    }
    nextOutput = n1;
    discardConsumed();
    return out;
  }

  /** The filter sum, in four independent chains so the multiply-adds overlap. */
  private static float dot(float[] h, int first, float[] coef) {
    int n = coef.length;
    float a0 = 0;
    float a1 = 0;
    float a2 = 0;
    float a3 = 0;
    int i = 0;
    for (; i + 3 < n; i += 4) {
      a0 += h[first + i] * coef[i];
      a1 += h[first + i + 1] * coef[i + 1];
      a2 += h[first + i + 2] * coef[i + 2];
      a3 += h[first + i + 3] * coef[i + 3];
    }
    for (; i < n; i++) {
      a0 += h[first + i] * coef[i];
    }
    return (a0 + a1) + (a2 + a3);
  }

  private void discardConsumed() {
    long nextCenter = (nextOutput * filter.down) / filter.up;
    long keepFrom = nextCenter - filter.halfTaps + 1;
    int drop = (int) Math.min(count, Math.max(0, keepFrom - historyStart));
    if (drop > 0 && drop >= count / 2) {
      for (float[] h : history) {
        System.arraycopy(h, drop, h, 0, count - drop);
      }
      count -= drop;
      historyStart += drop;
    }
  }

  private void ensureRoom(int frames) {
    int need = count + frames;
    if (need > history[0].length) {
      int size = Math.max(need, history[0].length * 2);
      for (int c = 0; c < channels; c++) {
        history[c] = Arrays.copyOf(history[c], size);
      }
    }
  }

  private byte nextByte(ByteBuffer in) {
    if (carried > 0) {
      byte b = carry[0];
      System.arraycopy(carry, 1, carry, 0, --carried);
      return b;
    }
    return in.get();
  }

  private byte[] passThrough(ByteBuffer in) {
    byte[] out = new byte[in.remaining()];
    in.get(out);
    return out;
  }

  private static long ceilDiv(long a, long b) {
    return -Math.floorDiv(-a, b);
  }

  @Override
  public String toString() {
    return "Resampler[" + input + " -> " + output.sampleRate() + " Hz]";
  }
}
