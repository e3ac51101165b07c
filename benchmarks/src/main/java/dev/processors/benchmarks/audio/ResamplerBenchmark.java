package dev.processors.benchmarks.audio;

import dev.processors.audio.PcmAudio;
import dev.processors.audio.PcmFormat;
import dev.processors.audio.Resampler;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Resampling throughput on one thread, in seconds of audio per second (so per CPU second): a whole
 * 1 s clip per operation, and the same second streamed in 20 ms chunks as a live pipeline feeds it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ResamplerBenchmark {
  @Param({"48000:16000", "24000:16000", "16000:24000", "44100:16000"})
  public String conversion;

  PcmAudio second;
  List<PcmAudio> chunks;
  int toRate;
  Resampler streaming;

  @Setup
  public void setUp() {
    String[] rates = conversion.split(":");
    PcmFormat from = PcmFormat.mono(Integer.parseInt(rates[0]));
    toRate = Integer.parseInt(rates[1]);
    Random random = new Random(1);
    short[] samples = new short[from.sampleRate()];
    for (int i = 0; i < samples.length; i++) {
      samples[i] = (short) (random.nextGaussian() * 3_000);
    }
    second = PcmAudio.ofSamples(from, samples);
    chunks = second.chunks(Duration.ofMillis(20));
    streaming = Resampler.create(from, toRate);
  }

  /** One second of audio converted in one call. */
  @Benchmark
  public PcmAudio wholeSecond() {
    return Resampler.resample(second, toRate);
  }

  /** One second of audio streamed through a resampler in 20 ms chunks. */
  @Benchmark
  public void streamedIn20msChunks(Blackhole bh) {
    for (PcmAudio c : chunks) {
      ByteBuffer b = c.buffer();
      bh.consume(streaming.process(b));
    }
  }
}
