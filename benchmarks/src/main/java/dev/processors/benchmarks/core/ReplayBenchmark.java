package dev.processors.benchmarks.core;

import dev.processors.core.Clock;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Recording;
import dev.processors.core.RecordingEntry;
import dev.processors.core.Replay;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long a 10-minute live session takes to replay: 30,000 chunks of 20 ms of 16 kHz audio fed at
 * their recorded times into a relay stage and a speaker that releases audio at playback pace on the
 * clock, every stage recorded (as a replay does). Each part crosses 3 recorded points and the clock
 * moves about 60,000 times. One replay per measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(1)
public class ReplayBenchmark {
  static final int CHUNKS = 30_000;
  static final Duration CHUNK = Duration.ofMillis(20);

  Recording session;

  @Setup
  public void record() {
    List<RecordingEntry> entries = new ArrayList<>();
    entries.add(new RecordingEntry.Started(0, "agent", 0));
    byte[] pcm = new byte[640];
    for (int i = 0; i < CHUNKS; i++) {
      entries.add(
          new RecordingEntry.Input(
              i * CHUNK.toNanos(), "agent", 0, i, ProcessorPart.audio(pcm, 16_000)));
    }
    entries.add(new RecordingEntry.InputEnded(CHUNKS * CHUNK.toNanos(), "agent", 0));
    session = Recording.of(entries);
  }

  /** Releases each audio part when the audio before it has played (a drift-free schedule). */
  static Processor speaker(Clock clock) {
    return (in, out) -> {
      long next = clock.nanoTime();
      for (ProcessorPart part : in) {
        clock.sleepUntil(next);
        out.emit(part);
        next = Math.max(next, clock.nanoTime()) + CHUNK.toNanos() - Duration.ofMillis(1).toNanos();
      }
    };
  }

  @Benchmark
  public Replay.Result tenMinuteSession() {
    Replay replay = Replay.builder(session).input("agent").build();
    Processor relay = (in, out) -> in.forEach(out::emit);
    Replay.Result result =
        replay.run(Processor.chain(relay.named("relay"), speaker(replay.clock()).named("speaker")));
    if (result.output().size() != CHUNKS) {
      throw new IllegalStateException("replayed " + result.output().size() + " parts");
    }
    return result;
  }
}
