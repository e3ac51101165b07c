package dev.processors.audio;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The polyphase low-pass filter of a rate conversion by L/M: a Kaiser-windowed sinc whose cutoff
 * sits just below the lower of the two Nyquist frequencies. Rows are phases (fractional positions
 * between input samples), columns are taps. Immutable once built; shared through a small cache.
 */
final class ResamplingFilter {
  /** Cutoff as a fraction of the lower Nyquist frequency: passband to ~0.81, stopband by ~0.99. */
  static final double CUTOFF = 0.9;

  /** Zero crossings of the sinc on each side of the centre. */
  static final int ZERO_CROSSINGS = 24;

  /** Kaiser window shape: about 80 dB of stopband attenuation. */
  static final double BETA = 8.0;

  /** Above this many phases, rows are interpolated from a table of this many. */
  static final int MAX_EXACT_PHASES = 1024;

  private static final int CACHE_SIZE = 16;
  private static final ReentrantLock CACHE_LOCK = new ReentrantLock();
  private static final Map<Long, ResamplingFilter> CACHE =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ResamplingFilter> eldest) {
          return size() > CACHE_SIZE;
        }
      };

  final int up; // L
  final int down; // M
  final int halfTaps; // K: taps span input indices center-K+1 .. center+K
  final int taps; // 2K
  final boolean exact;
  final int phases; // rows in the table (L if exact, else MAX_EXACT_PHASES + 1)
  final float[][] rows;

  private ResamplingFilter(int up, int down) {
    this.up = up;
    this.down = down;
    double cutoff = 0.5 * CUTOFF * Math.min(1.0, (double) up / down); // cycles per input sample
    double halfWidth = ZERO_CROSSINGS / (2 * cutoff); // in input samples
    this.halfTaps = (int) Math.ceil(halfWidth);
    this.taps = 2 * halfTaps;
    this.exact = up <= MAX_EXACT_PHASES;
    this.phases = exact ? up : MAX_EXACT_PHASES + 1;
    this.rows = new float[phases][];
    double i0Beta = besselI0(BETA);
    for (int r = 0; r < phases; r++) {
      double frac = exact ? (double) r / up : (double) r / MAX_EXACT_PHASES;
      double[] row = new double[taps];
      double sum = 0;
      for (int i = 0; i < taps; i++) {
        double t = frac + halfTaps - 1 - i; // distance from the output position to tap i
        double h = kernel(t, cutoff, halfWidth, i0Beta);
        row[i] = h;
        sum += h;
      }
      float[] out = new float[taps];
      for (int i = 0; i < taps; i++) {
        out[i] = (float) (row[i] / sum); // unity gain at DC for every phase
      }
      rows[r] = out;
    }
  }

  /** The filter for converting {@code fromRate} to {@code toRate}; cached. */
  static ResamplingFilter forRates(int fromRate, int toRate) {
    int g = gcd(fromRate, toRate);
    int up = toRate / g;
    int down = fromRate / g;
    long key = ((long) up << 32) | down;
    CACHE_LOCK.lock();
    try {
      ResamplingFilter f = CACHE.get(key);
      if (f == null) {
        f = new ResamplingFilter(up, down);
        CACHE.put(key, f);
      }
      return f;
    } finally {
      CACHE_LOCK.unlock();
    }
  }

  /**
   * Writes into {@code scratch} the coefficients for phase {@code phase} (0 to up-1) and returns
   * the array to use: a table row when exact, else {@code scratch} interpolated between rows.
   */
  float[] coefficients(int phase, float[] scratch) {
    if (exact) {
      return rows[phase];
    }
    double pos = (double) phase * MAX_EXACT_PHASES / up;
    int r = (int) pos;
    float a = (float) (pos - r);
    float[] lo = rows[r];
    float[] hi = rows[r + 1];
    for (int i = 0; i < taps; i++) {
      scratch[i] = lo[i] + a * (hi[i] - lo[i]);
    }
    return scratch;
  }

  private static double kernel(double t, double cutoff, double halfWidth, double i0Beta) {
    double u = t / halfWidth;
    if (u <= -1 || u >= 1) {
      return 0;
    }
    double x = 2 * cutoff * t;
    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
    double window = besselI0(BETA * Math.sqrt(1 - u * u)) / i0Beta;
    return 2 * cutoff * sinc * window;
  }

  /** The modified Bessel function of the first kind, order 0, by its power series. */
  static double besselI0(double x) {
    double sum = 1;
    double term = 1;
    double q = x * x / 4;
    for (int k = 1; k < 100; k++) {
      term *= q / ((double) k * k);
      sum += term;
      if (term < sum * 1e-17) {
        break;
      }
    }
    return sum;
  }

  static int gcd(int a, int b) {
    while (b != 0) {
      int t = a % b;
      a = b;
      b = t;
    }
    return a;
  }
}
