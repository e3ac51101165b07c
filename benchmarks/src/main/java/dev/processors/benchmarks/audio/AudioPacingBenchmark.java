package dev.processors.benchmarks.audio;

import dev.processors.audio.AudioRateLimiter;
import dev.processors.audio.PcmFormat;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Wall-clock pacing of {@link AudioRateLimiter} on the system clock: {@code seconds} of 24 kHz
 * model audio, queued at once in 100 ms parts, released in 40 ms chunks and read by the next stage
 * of a run, where each chunk's arrival is timed.
 *
 * <p>Chunk i is due at the first chunk's arrival plus the exact duration released before it, minus
 * the lead. Its <em>lateness</em> is its arrival minus that due time: scheduler wake-up plus the
 * hop to the reader. The secondary results, in microseconds:
 *
 * <ul>
 *   <li>{@code latenessP50}: the typical lateness, a constant lag the listener never hears;
 *   <li>{@code jitterP99}, {@code jitterMax}: how far a chunk's lateness strays from that typical
 *       lag (target: p99 at most 2,000 µs);
 *   <li>{@code lastChunkDrift}: the last chunk's lateness minus the typical lag. With a drift-free
 *       schedule it stays within the jitter however long the run: try {@code -p seconds=600} for
 *       ten minutes.
 * </ul>
 *
 * The score is the wall time of one run, about {@code seconds}. JMH adds these secondary results up
 * over the measurement iterations, hence one iteration by default; with {@code -i N}, read the
 * per-iteration values from {@code -rf json}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 1)
@Fork(1)
public class AudioPacingBenchmark {
  static final PcmFormat FORMAT = PcmFormat.mono(24_000);
  static final long CHUNK_NANOS = 40_000_000L;

  @Param({"30"})
  public int seconds;

  List<ProcessorPart> audio;
  AudioRateLimiter limiter;

  /** Pacing figures of the last run, in microseconds. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.EVENTS)
  public static class Pacing {
    public double latenessP50;
    public double jitterP99;
    public double jitterMax;
    public double lastChunkDrift;

    @Setup(Level.Iteration)
    public void clear() {
      latenessP50 = 0;
      jitterP99 = 0;
      jitterMax = 0;
      lastChunkDrift = 0;
    }
  }

  @Setup
  public void setUp() {
    audio = new ArrayList<>();
    byte[] part = new byte[(int) FORMAT.bytes(Duration.ofMillis(100))];
    for (int i = 0; i < seconds * 10; i++) {
      audio.add(FORMAT.part(part).withRole(ProcessorPart.MODEL));
    }
    limiter = AudioRateLimiter.builder().maxBuffered(Duration.ofMinutes(10)).build();
  }

  @Benchmark
  public long paceAudio(Pacing pacing) {
    int chunks = seconds * 25;
    long[] arrivals = new long[chunks];
    int n = 0;
    try (ProcessorRun run = limiter.start(audio)) {
      for (ProcessorPart p : run) {
        arrivals[n++] = System.nanoTime();
      }
    }
    if (n != chunks) {
      throw new IllegalStateException("expected " + chunks + " chunks, got " + n);
    }
    long lead = limiter.lead().toNanos();
    double[] lateness = new double[chunks];
    for (int i = 0; i < chunks; i++) {
      long due = arrivals[0] + i * CHUNK_NANOS - (i == 0 ? 0 : lead);
      lateness[i] = (arrivals[i] - due) / 1_000.0;
    }
    double[] sorted = lateness.clone();
    Arrays.sort(sorted);
    double typical = sorted[chunks / 2];
    double[] jitter = new double[chunks];
    for (int i = 0; i < chunks; i++) {
      jitter[i] = Math.abs(lateness[i] - typical);
    }
    Arrays.sort(jitter);
    pacing.latenessP50 = typical;
    pacing.jitterP99 = jitter[(int) Math.ceil(chunks * 0.99) - 1];
    pacing.jitterMax = jitter[chunks - 1];
    pacing.lastChunkDrift = lateness[chunks - 1] - typical;
    return arrivals[chunks - 1] - arrivals[0];
  }
}
