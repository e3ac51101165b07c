package dev.processors.benchmarks.core;

import dev.processors.core.PartProcessor;
import dev.processors.core.PartSink;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Processors;
import dev.processors.core.Recorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The cost of recording a part that crosses a recorded point ({@code Recorder.point}, the same tap
 * the stage decorator and {@code record} use), sustained: the recording thread pays a clock read
 * and a hand-off to the writer thread, which serialises and writes; once the writer falls behind,
 * its bounded queue makes the recording thread wait, so the figure is the steady cost per part of a
 * recorder that keeps up. Parts: a short text, and 20 ms of 16 kHz audio (640 bytes) kept inline
 * (base64 in the line) or beside (raw bytes in a blob file; a fresh part each time, so no blob is
 * shared). {@code off} is the same tap from {@code Recorder.off()}, against a bare call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RecorderBenchmark {
  @Param({"text", "audio-inline", "audio-beside"})
  public String kind;

  Path dir;
  Recorder recorder;
  PartProcessor tap;
  final PartProcessor offTap = Recorder.off().point("bench");
  final PartProcessor bare = Processors.passThrough();
  final ProcessorPart[] parts = new ProcessorPart[8192];
  int next;
  Blackhole hole;
  PartSink sink;

  @Setup(Level.Trial)
  public void parts(Blackhole bh) {
    hole = bh;
    sink = hole::consume;
    for (int i = 0; i < parts.length; i++) {
      parts[i] =
          kind.equals("text")
              ? ProcessorPart.text("a model delta of a few words " + i)
              : ProcessorPart.audio(new byte[640], 16_000).withMetadata("chunk", i);
    }
  }

  /** A fresh recording per iteration, so files stay small and the limit is never reached. */
  @Setup(Level.Iteration)
  public void open() throws IOException {
    dir = Files.createTempDirectory("recorder-bench");
    recorder =
        Recorder.toFile(dir.resolve("bench.jsonl"))
            .blobs(
                kind.equals("audio-beside")
                    ? Recorder.BlobStorage.BESIDE
                    : Recorder.BlobStorage.INLINE)
            .maxBytes(Long.MAX_VALUE)
            .build();
    tap = recorder.point("bench");
  }

  @TearDown(Level.Iteration)
  public void close() throws IOException {
    recorder.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(RecorderBenchmark::delete);
    }
  }

  private static void delete(Path p) {
    try {
      Files.delete(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private ProcessorPart nextPart() {
    return parts[next++ & (parts.length - 1)];
  }

  @Benchmark
  public void recorded() throws Exception {
    tap.process(nextPart(), sink);
  }

  @Benchmark
  public void off() throws Exception {
    offTap.process(nextPart(), sink);
  }

  @Benchmark
  public void bare() throws Exception {
    bare.process(nextPart(), sink);
  }
}
