package dev.processors.metrics;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The figures of one named stage (or of a whole instrumented pipeline): the handle that wrappers
 * record into, and that code with its own timing (a model client, an audio player) can record into
 * directly.
 *
 * <pre>{@code
 * StageMetrics tts = metrics.stage("tts");
 * long start = clock.nanoTime();
 * byte[] audio = synthesize(text);
 * tts.recordProcessing(clock.nanoTime() - start);
 * }</pre>
 *
 * <p><b>Threading.</b> Every {@code record...} method is thread-safe, never blocks and allocates
 * nothing once warmed up (the first error of a new type allocates its counter); a latency sample
 * costs a few nanoseconds. Durations are nanoseconds; negative durations count as zero.
 *
 * <p><b>Errors.</b> Negative counts and null arguments throw {@link IllegalArgumentException} or
 * {@link NullPointerException}.
 */
public final class StageMetrics {
  private static final int MAX_ERROR_TYPES = 32;

  private final String name;
  private final RealTimeMetrics owner;
  private volatile StageSnapshot.Kind kind = StageSnapshot.Kind.STAGE;
  final StripedHistogram processing;
  final StripedHistogram firstOutput;
  final StripedHistogram turnLatency;
  final StripedHistogram gaps;
  final SlidingCounter inputWindow;
  final SlidingCounter outputWindow;
  private final RecentSamples recentProcessing;
  private final RecentSamples recentFirstOutput;
  private final RecentSamples recentTurns;
  private final LongAdder partsIn = new LongAdder();
  private final LongAdder partsOut = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder interruptions = new LongAdder();
  private final LongAdder audioNanos = new LongAdder();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  private final ConcurrentHashMap<String, LongAdder> errorTypes = new ConcurrentHashMap<>();

  StageMetrics(String name, RealTimeMetrics owner) {
    this.name = name;
    this.owner = owner;
    int stripes = owner.stripes();
    processing = new StripedHistogram(stripes);
    firstOutput = new StripedHistogram(stripes);
    turnLatency = new StripedHistogram(stripes);
    gaps = new StripedHistogram(stripes);
    recentProcessing = new RecentSamples(owner.recentSamples());
    recentFirstOutput = new RecentSamples(owner.recentSamples());
    recentTurns = new RecentSamples(owner.recentSamples());
    long bucket = owner.bucketNanos();
    inputWindow = new SlidingCounter(bucket, owner.timelineBuckets());
    outputWindow = new SlidingCounter(bucket, owner.timelineBuckets());
  }

  /** The stage's name. */
  public String name() {
    return name;
  }

  /** Records the time the stage spent on one part ({@value MetricNames#OPERATION_DURATION}). */
  public void recordProcessing(long nanos) {
    processing.record(nanos);
    recentProcessing.record(nanos);
  }

  /**
   * Records the time from an input to the stage's first output after it (time to first part or
   * token, {@value MetricNames#TIME_TO_FIRST_CHUNK}).
   */
  public void recordFirstOutput(long nanos) {
    firstOutput.record(nanos);
    recentFirstOutput.record(nanos);
  }

  /**
   * Records one answered turn: the time from the end of the user's turn to the first part of the
   * answer ({@value MetricNames#TURN_LATENCY}).
   */
  public void recordTurn(long latencyNanos) {
    turnLatency.record(latencyNanos);
    recentTurns.record(latencyNanos);
  }

  /** Counts one input part, now on the metrics' clock. */
  public void recordInput() {
    recordInput(owner.sinceOrigin());
  }

  /** Counts one output part, now on the metrics' clock, for the counts and the throughput. */
  public void recordOutput() {
    recordOutput(owner.sinceOrigin());
  }

  void recordInput(long sinceOrigin) {
    partsIn.increment();
    inputWindow.add(sinceOrigin, 1);
  }

  void recordOutput(long sinceOrigin) {
    partsOut.increment();
    outputWindow.add(sinceOrigin, 1);
  }

  /** Counts a failure, typed by the exception's simple class name ({@value MetricNames#ERRORS}). */
  public void recordError(Throwable error) {
    recordError(Objects.requireNonNull(error, "error").getClass().getSimpleName());
  }

  /** Counts a failure of the given type (an exception name, an HTTP status, ...). */
  public void recordError(String type) {
    Objects.requireNonNull(type, "type");
    errors.increment();
    LongAdder counter = errorTypes.get(type);
    if (counter == null) {
      String key = errorTypes.size() < MAX_ERROR_TYPES ? type : "other";
      counter = errorTypes.computeIfAbsent(key, k -> new LongAdder());
    }
    counter.increment();
  }

  /** Counts an interruption (barge-in) of this stage's output. */
  public void recordInterruption() {
    interruptions.increment();
  }

  /**
   * Counts a buffer underrun: playback ran dry for {@code gapNanos} before more audio arrived
   * ({@value MetricNames#UNDERRUNS}, {@value MetricNames#GAP_DURATION}).
   */
  public void recordUnderrun(long gapNanos) {
    gaps.record(gapNanos);
  }

  /** Adds {@code nanos} of audio delivered, for the continuity figure. */
  public void recordAudio(long nanos) {
    if (nanos > 0) {
      audioNanos.add(nanos);
    }
  }

  /** Adds the tokens one operation used ({@value MetricNames#TOKEN_USAGE}). */
  public void recordTokens(long input, long output) {
    if (input < 0 || output < 0) {
      throw new IllegalArgumentException(
          "token counts must not be negative, got input=" + input + ", output=" + output);
    }
    inputTokens.add(input);
    outputTokens.add(output);
  }

  long partsIn() {
    return partsIn.sum();
  }

  long partsOut() {
    return partsOut.sum();
  }

  long errors() {
    return errors.sum();
  }

  long interruptions() {
    return interruptions.sum();
  }

  void markPipeline() {
    kind = StageSnapshot.Kind.PIPELINE;
  }

  StageSnapshot.Kind kind() {
    return kind;
  }

  /** The stage's figures now; {@code now} is nanoseconds since the metrics' origin. */
  StageSnapshot snapshot(long now) {
    int window = owner.windowBuckets();
    int timelineLength = owner.timelineBuckets();
    Map<String, Long> types = new TreeMap<>();
    errorTypes.forEach((k, v) -> types.put(k, v.sum()));
    return new StageSnapshot(
        name,
        kind,
        partsIn.sum(),
        partsOut.sum(),
        outputWindow.rate(now, window),
        inputWindow.rate(now, window),
        new Timeline(
            outputWindow.bucketNanos(),
            outputWindow.timelineStart(now, timelineLength) * outputWindow.bucketNanos(),
            outputWindow.timeline(now, timelineLength)),
        LatencySummary.of(MetricNames.OPERATION_DURATION, processing.cumulative()),
        LatencySummary.of(MetricNames.TIME_TO_FIRST_CHUNK, firstOutput.cumulative()),
        LatencySummary.of(MetricNames.TURN_LATENCY, turnLatency.cumulative()),
        errors.sum(),
        types,
        interruptions.sum(),
        LatencySummary.of(MetricNames.GAP_DURATION, gaps.cumulative()),
        audioNanos.sum(),
        inputTokens.sum(),
        outputTokens.sum(),
        new RecentWindow(
            owner.recentSamples(),
            recentProcessing.summary(MetricNames.OPERATION_DURATION),
            recentFirstOutput.summary(MetricNames.TIME_TO_FIRST_CHUNK),
            recentTurns.summary(MetricNames.TURN_LATENCY)));
  }

  /** The stage's name, for logs. */
  @Override
  public String toString() {
    return "StageMetrics[" + name + "]";
  }
}
