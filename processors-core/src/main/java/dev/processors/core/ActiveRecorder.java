package dev.processors.core;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/** A recorder that is on: it times events on its clock and hands them to its sink. */
final class ActiveRecorder implements Recorder {
  /** Entries a file recorder buffers for its writer thread before recording threads wait. */
  static final int QUEUE_CAPACITY = 4096;

  private final Clock clock;
  private final long origin;
  private final EntrySink sink;
  private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private final Runnable beforeEmit;
  private volatile boolean closed;

  private ActiveRecorder(Clock clock, long origin, EntrySink sink, Runnable beforeEmit) {
    this.clock = clock;
    this.origin = origin;
    this.sink = sink;
    this.beforeEmit = beforeEmit;
  }

  static ActiveRecorder toFile(Recorder.Builder b) {
    long origin = b.clock.nanoTime();
    RecordingWriter writer =
        new RecordingWriter(
            b.file,
            b.blobs,
            b.maxBytes,
            b.clock.instant(),
            b.clock.getClass().getSimpleName(),
            b.labels);
    return new ActiveRecorder(
        b.clock, origin, new FileEntrySink(b.file, writer, QUEUE_CAPACITY), () -> {});
  }

  /** An in-memory recorder whose every entry also counts in {@code progress}. */
  static ActiveRecorder inMemory(Clock clock, Map<String, String> labels, AtomicLong progress) {
    return inMemory(clock, labels, progress, () -> {});
  }

  /**
   * An in-memory recorder that runs {@code beforeEmit} before each recorded emit (a replay's
   * turnstile).
   */
  static ActiveRecorder inMemory(
      Clock clock, Map<String, String> labels, AtomicLong progress, Runnable beforeEmit) {
    Objects.requireNonNull(clock, "clock");
    long origin = clock.nanoTime();
    return new ActiveRecorder(
        clock, origin, new MemoryEntrySink(clock.instant(), labels, progress), beforeEmit);
  }

  /** Called by a tap before it records and passes on an emitted part. */
  void beforeEmit() {
    beforeEmit.run();
  }

  /** Records one event now. */
  void add(String point, int call, EntrySink.Kind kind, ProcessorPart part, String error) {
    if (!closed) {
      sink.add(clock.nanoTime() - origin, point, call, kind, part, error);
    }
  }

  /** The number of the next call of {@code point}. */
  int nextCall(String point) {
    return calls.computeIfAbsent(point, p -> new AtomicInteger()).getAndIncrement();
  }

  @Override
  public Processor record(String point, Processor processor) {
    Named.requireName(point);
    Objects.requireNonNull(processor, "processor");
    return processor instanceof Pipeline
        ? new RecordingTaps.RecordedRun(this, point, processor)
        : new RecordingTaps.RecordedProcessor(this, point, processor);
  }

  @Override
  public PartProcessor point(String point) {
    return new RecordingTaps.PointTap(this, Named.requireName(point));
  }

  @Override
  public StageDecorator stages(Predicate<String> stageNames) {
    Objects.requireNonNull(stageNames, "stageNames");
    return (name, stage) ->
        stage instanceof RecordingTaps.Recorded || !stageNames.test(name)
            ? stage
            : new RecordingTaps.RecordedProcessor(this, name, stage);
  }

  @Override
  public boolean isOn() {
    return true;
  }

  @Override
  public long entries() {
    return sink.entries();
  }

  @Override
  public Optional<String> stopReason() {
    return sink.stopReason();
  }

  @Override
  public Recording recording() {
    return sink.recording();
  }

  @Override
  public void close() {
    closed = true;
    sink.close();
  }

  @Override
  public String toString() {
    return "Recorder[" + sink.entries() + " entries" + (closed ? ", closed" : "") + "]";
  }
}
