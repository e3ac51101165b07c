package dev.processors.benchmarks.audio;

import dev.processors.audio.EnergyVoiceActivityDetector;
import dev.processors.audio.PcmFormat;
import dev.processors.audio.SpeechEvent;
import dev.processors.audio.VoiceActivityDetector;
import java.nio.ByteBuffer;
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

/**
 * The cost of the energy-based voice activity detector per 20 ms frame (ns per frame), on frames
 * that alternate between speech-loud tone and quiet noise every 300 ms so the state machine moves.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class VadBenchmark {
  @Param({"16000", "48000"})
  public int rate;

  ByteBuffer[] frames;
  VoiceActivityDetector.Session session;
  int next;

  @Setup
  public void setUp() {
    PcmFormat format = PcmFormat.mono(rate);
    int perFrame = rate / 50;
    Random random = new Random(1);
    frames = new ByteBuffer[30];
    for (int f = 0; f < frames.length; f++) {
      boolean loud = (f / 15) % 2 == 0;
      short[] s = new short[perFrame];
      for (int i = 0; i < perFrame; i++) {
        double v = loud ? 8_000 * Math.sin(2 * Math.PI * 300 * (f * perFrame + i) / rate) : 0;
        s[i] = (short) (v + random.nextGaussian() * 30);
      }
      frames[f] = ByteBuffer.wrap(PcmFormat.toBytes(s));
    }
    session = EnergyVoiceActivityDetector.create().newSession(format);
  }

  @Benchmark
  public List<SpeechEvent> analyseOneFrame() {
    ByteBuffer frame = frames[next];
    next = next + 1 == frames.length ? 0 : next + 1;
    return session.analyse(frame);
  }
}
