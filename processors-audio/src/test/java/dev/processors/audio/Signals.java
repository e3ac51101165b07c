package dev.processors.audio;

import java.time.Duration;
import java.util.Random;

/** Generated test audio: tones, noise and silence, and measurements on it. */
final class Signals {
  private Signals() {}

  /** A sine tone at {@code amplitude} (fraction of full scale) on every channel. */
  static PcmAudio tone(PcmFormat format, double hz, double amplitude, Duration duration) {
    int frames = (int) format.frames(duration);
    short[] s = new short[frames * format.channels()];
    for (int i = 0; i < frames; i++) {
      short v =
          (short)
              Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * hz * i / format.sampleRate()));
      for (int c = 0; c < format.channels(); c++) {
        s[i * format.channels() + c] = v;
      }
    }
    return PcmAudio.ofSamples(format, s);
  }

  /** Gaussian white noise with RMS {@code rms} (fraction of full scale), from a fixed seed. */
  static PcmAudio noise(PcmFormat format, double rms, Duration duration, long seed) {
    Random random = new Random(seed);
    int n = (int) format.frames(duration) * format.channels();
    short[] s = new short[n];
    for (int i = 0; i < n; i++) {
      double v = random.nextGaussian() * rms * 32767;
      s[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
    }
    return PcmAudio.ofSamples(format, s);
  }

  /** Sample-wise sum of two clips of one format and length, clipped to 16 bits. */
  static PcmAudio mix(PcmAudio a, PcmAudio b) {
    short[] x = a.samples();
    short[] y = b.samples();
    short[] s = new short[Math.min(x.length, y.length)];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, x[i] + y[i]));
    }
    return PcmAudio.ofSamples(a.format(), s);
  }

  /** RMS in dBFS of one channel's samples {@code from} to {@code to} (frame indices). */
  static double rmsDb(PcmAudio audio, int channel, int from, int to) {
    short[] s = audio.samples();
    int ch = audio.format().channels();
    double sum = 0;
    for (int i = from; i < to; i++) {
      double v = s[i * ch + channel];
      sum += v * v;
    }
    return 10 * Math.log10(Math.max(1e-12, sum / (to - from)) / (32768.0 * 32768.0));
  }

  /**
   * The frequency of a clean tone, from the time between its first and last rising zero crossings
   * in the middle of the clip (interpolated to a fraction of a sample).
   */
  static double frequency(PcmAudio audio, int channel) {
    short[] s = audio.samples();
    int ch = audio.format().channels();
    int frames = audio.frames();
    double first = -1;
    double last = -1;
    int crossings = 0;
    for (int i = frames / 10; i < frames * 9 / 10 - 1; i++) {
      double a = s[i * ch + channel];
      double b = s[(i + 1) * ch + channel];
      if (a < 0 && b >= 0) {
        double at = i + (-a) / (b - a);
        if (first < 0) {
          first = at;
        } else {
          crossings++;
        }
        last = at;
      }
    }
    return crossings * (double) audio.format().sampleRate() / (last - first);
  }

  /**
   * RMS (in sample units) of {@code samples[from..to)} minus the least-squares fit of {@code a
   * sin(2 pi f n) + b cos(2 pi f n) + c}, with {@code f} in cycles per sample: what a steady sine
   * of that frequency, at any level and phase, does not explain.
   */
  static double sineFitResidualRms(short[] samples, double cyclesPerSample, int from, int to) {
    double[][] m = new double[3][3];
    double[] v = new double[3];
    for (int n = from; n < to; n++) {
      double[] basis = basis(cyclesPerSample, n);
      for (int r = 0; r < 3; r++) {
        v[r] += basis[r] * samples[n];
        for (int c = 0; c < 3; c++) {
          m[r][c] += basis[r] * basis[c];
        }
      }
    }
    double[] k = solve3(m, v);
    double sum = 0;
    for (int n = from; n < to; n++) {
      double[] basis = basis(cyclesPerSample, n);
      double e = samples[n] - (k[0] * basis[0] + k[1] * basis[1] + k[2] * basis[2]);
      sum += e * e;
    }
    return Math.sqrt(sum / (to - from));
  }

  private static double[] basis(double cyclesPerSample, int n) {
    double w = 2 * Math.PI * cyclesPerSample * n;
    return new double[] {Math.sin(w), Math.cos(w), 1};
  }

  /** Solves a 3x3 linear system by Cramer's rule. */
  private static double[] solve3(double[][] m, double[] v) {
    double d = det3(m);
    double[] x = new double[3];
    for (int c = 0; c < 3; c++) {
      double[][] mc = new double[3][];
      for (int r = 0; r < 3; r++) {
        mc[r] = m[r].clone();
        mc[r][c] = v[r];
      }
      x[c] = det3(mc) / d;
    }
    return x;
  }

  private static double det3(double[][] m) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
        - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
        + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  }
}
