package dev.processors.metrics;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RecordingDiff;
import dev.processors.core.RunOptions;
import dev.processors.core.SignalKind;
import dev.processors.core.StageDecorator;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Where does the latency of a live pipeline go? Attach these metrics to any pipeline and read live
 * figures, a JSON report and an HTML page: per-stage processing time, time to first part (token),
 * turn latency, throughput over a sliding window, errors, interruptions and audio underruns, with
 * recommendations in plain language.
 *
 * <pre>{@code
 * RealTimeMetrics metrics = RealTimeMetrics.create();
 * Processor agent = metrics.instrument(
 *     Processor.chain(stt.named("stt"), llm.named("llm"), tts.named("tts")));
 * try (LiveConsole live = LiveConsole.start(metrics, System.out::println);
 *     ProcessorRun run = agent.start(mic, metrics.runOptions())) {
 *   for (ProcessorPart part : run) speaker.play(part);
 * }
 * MetricsSnapshot report = metrics.snapshot();
 * Files.writeString(Path.of("metrics.json"), report.toJson());
 * HtmlReport.write(report, Path.of("metrics.html"));
 * }</pre>
 *
 * <p><b>Output unchanged.</b> Wrappers pass every part on as the same instance, in the same order,
 * and rethrow every failure as it was; probes tag parts in a side table keyed by identity, never in
 * their metadata. A pipeline's output is the same with and without metrics.
 *
 * <p><b>Threading.</b> One instance may be shared by any number of runs and threads; figures of
 * stages with the same name add up. Recording never blocks the pipeline and allocates nothing once
 * warmed up. {@link #snapshot()} may be called at any time from any thread.
 *
 * <p><b>Errors.</b> Blank names and bad settings throw {@link IllegalArgumentException}; null
 * arguments {@link NullPointerException}. Failures of measured stages are counted and rethrown
 * unchanged.
 */
public final class RealTimeMetrics {
  private final Clock clock;
  private final long origin;
  private final Thresholds thresholds;
  private final long bucketNanos;
  private final int windowBuckets;
  private final int timelineBuckets;
  private final int recentSamples;
  private final long gapToleranceNanos;
  private final Predicate<ProcessorPart> turnStart;
  private final Predicate<ProcessorPart> answer;
  private final int stripes = StripedHistogram.defaultStripes();
  private final StageRegistry registry = new StageRegistry();
  private final IdentityTrace trace = new IdentityTrace(12);
  private final StageTiming timing = new StageTiming(this);

  private RealTimeMetrics(Builder b) {
    this.clock = new WaitingClock(b.clock);
    this.origin = clock.nanoTime();
    this.thresholds = b.thresholds;
    this.bucketNanos = b.bucket.toNanos();
    this.windowBuckets = (int) Math.max(1, ceilDiv(b.window.toNanos(), bucketNanos));
    this.timelineBuckets = Math.max(b.timelineBuckets, windowBuckets);
    this.gapToleranceNanos = b.gapTolerance.toNanos();
    this.recentSamples = b.recentSamples;
    this.turnStart = b.turnStart;
    this.answer = b.answer;
  }

  /** Metrics on the system clock with the default settings. */
  public static RealTimeMetrics create() {
    return builder().build();
  }

  /** Metrics on {@code clock} (a {@link dev.processors.core.VirtualClock} in tests). */
  public static RealTimeMetrics create(Clock clock) {
    return builder().clock(clock).build();
  }

  /** A builder with the default settings. */
  public static Builder builder() {
    return new Builder();
  }

  /** The handle of stage {@code name}, created on first use. Thread-safe. */
  public StageMetrics stage(String name) {
    return stage(name, false);
  }

  private StageMetrics stage(String name, boolean pipeline) {
    requireName(name);
    return registry.stage(name, pipeline, n -> new StageMetrics(n, this));
  }

  /**
   * Run options that measure every stage of any pipeline started with them, each once, under its
   * own {@link Processor#name() name}: <b>the</b> way to attach metrics.
   *
   * <pre>{@code
   * Processor agent = metrics.instrument("agent",            // optional: turn latency, audio
   *     Processor.chain(stt.named("stt"), llm.named("llm"), tts.named("tts")));
   * try (ProcessorRun run = agent.start(input, metrics.runOptions())) { ... }
   * }</pre>
   *
   * <p>Name stages with {@link Processor#named}. Every stage is measured once: a stage these
   * metrics already measure (an {@link #instrument instrumented} pipeline) is left as it is, and a
   * stage that is a whole chain inside another wrapper (named like a chain, {@code "a -> b"}) is
   * not measured as one, because its own stages are, when it runs. Adjacent part processors are
   * fused by core into one stage named {@code "a + b"}; a part processor stays a part processor
   * when measured. Pipelines started without these options are not measured (except what {@link
   * #instrument} measures).
   */
  public RunOptions runOptions() {
    return runOptions(RunOptions.defaults());
  }

  /**
   * {@code base} with every stage measured as {@link #runOptions()} says, around {@code base}'s own
   * stage decorator (a recorder's, say: it then records inside the measurement).
   */
  public RunOptions runOptions(RunOptions base) {
    Objects.requireNonNull(base, "base");
    return base.withStageDecorator(base.stageDecorator().andThen(timing));
  }

  /**
   * The decorator behind {@link #runOptions()}.
   *
   * @deprecated use {@link #runOptions(RunOptions)}, which composes it with the options' own
   *     decorator in the right order.
   */
  @Deprecated
  public StageDecorator stageDecorator() {
    return timing;
  }

  /**
   * The whole {@code pipeline} measured as {@code "pipeline"}: what every stage gets, plus turn
   * latency (end of the user's turn to the first part of the answer), interruptions in the output,
   * and continuity of the output audio (underruns and gaps). This marks a conversation; it does not
   * measure the pipeline's stages (that is {@link #runOptions()}), and the run options never
   * measure it a second time.
   */
  public Processor instrument(Processor pipeline) {
    return instrument("pipeline", pipeline);
  }

  /** {@link #instrument(Processor)} under another name, for several pipelines in one report. */
  public Processor instrument(String name, Processor pipeline) {
    StageMetrics s = stage(name, true);
    return new TimedProcessor(Objects.requireNonNull(pipeline, "pipeline"), s, this, true);
  }

  /**
   * {@code processor} measured as stage {@code name}, now and in any run.
   *
   * @deprecated attach with {@link #runOptions()} and name the stage with {@link
   *     PartProcessor#named}; overloaded for both kinds of processor, {@code wrap} cannot take an
   *     inline lambda. The runs' options never measure the result a second time.
   */
  @Deprecated
  @SuppressWarnings("overloads")
  public PartProcessor wrap(String name, PartProcessor processor) {
    return (PartProcessor)
        StageTiming.measure(this, name, Objects.requireNonNull(processor, "processor"));
  }

  /**
   * {@code processor} measured under its own name.
   *
   * @deprecated attach with {@link #runOptions()}.
   */
  @Deprecated
  @SuppressWarnings("overloads")
  public PartProcessor wrap(PartProcessor processor) {
    return wrap(Objects.requireNonNull(processor, "processor").name(), processor);
  }

  /**
   * {@code processor} measured as stage {@code name}, now and in any run.
   *
   * @deprecated attach with {@link #runOptions()} and name the stage with {@link Processor#named};
   *     see {@link #wrap(String, PartProcessor)}.
   */
  @Deprecated
  @SuppressWarnings("overloads")
  public Processor wrap(String name, Processor processor) {
    return StageTiming.measure(this, name, Objects.requireNonNull(processor, "processor"));
  }

  /**
   * {@code processor} measured under its own name.
   *
   * @deprecated attach with {@link #runOptions()}.
   */
  @Deprecated
  @SuppressWarnings("overloads")
  public Processor wrap(Processor processor) {
    return wrap(Objects.requireNonNull(processor, "processor").name(), processor);
  }

  /**
   * A pass-through point that notes when each part passes it. A part that passed an earlier probe
   * records, at this one, the time since it passed the first ({@value MetricNames#PROBE_LATENCY}).
   * Parts are tagged in a bounded side table keyed by identity, so only parts that travel unchanged
   * (the same instance) are traced, and nothing about them changes.
   */
  public PartProcessor probe(String name) {
    requireName(name);
    StripedHistogram h = registry.probe(name, n -> new StripedHistogram(stripes));
    return new Probe(name, h, trace, this);
  }

  /** Everything measured so far, with recommendations. Thread-safe; never blocks recording. */
  public MetricsSnapshot snapshot() {
    long now = sinceOrigin();
    List<StageSnapshot> list = new ArrayList<>();
    for (StageMetrics s : registry.stages()) {
      list.add(s.snapshot(now));
    }
    long window = windowBuckets * bucketNanos;
    return new MetricsSnapshot(
        clock.instant(),
        now,
        window,
        list,
        registry.probeSummaries(),
        thresholds,
        Advisor.advise(list, thresholds, window));
  }

  /** Writes {@link #snapshot()} as a self-contained HTML page; see {@link HtmlReport}. */
  public void writeHtml(Path file) {
    HtmlReport.write(snapshot(), file);
  }

  /**
   * Writes {@link #snapshot()} as a self-contained HTML page with a card comparing a replay to its
   * recording; see {@link HtmlReport#render(MetricsSnapshot, RecordingDiff)}.
   */
  public void writeHtml(Path file, RecordingDiff diff) {
    HtmlReport.write(snapshot(), diff, file);
  }

  /**
   * The clock the metrics run on: the builder's clock, which also notes how long each thread waits
   * on it. Give it to stages that wait on purpose (a rate limiter's pacing, a debounce timer): the
   * time they spend in {@link Clock#sleepUntil} or {@link Clock#awaitUntil} on it counts as
   * waiting, not as processing. Thread-safe.
   */
  public Clock clock() {
    return clock;
  }

  /** The thresholds recommendations use. */
  public Thresholds thresholds() {
    return thresholds;
  }

  /** The names of the stages measured so far, in the order they appeared. */
  public List<String> stageNames() {
    return registry.stages().stream().map(StageMetrics::name).toList();
  }

  long sinceOrigin() {
    return clock.nanoTime() - origin;
  }

  long origin() {
    return origin;
  }

  int stripes() {
    return stripes;
  }

  long bucketNanos() {
    return bucketNanos;
  }

  int windowBuckets() {
    return windowBuckets;
  }

  int timelineBuckets() {
    return timelineBuckets;
  }

  int recentSamples() {
    return recentSamples;
  }

  long gapToleranceNanos() {
    return gapToleranceNanos;
  }

  boolean isTurnStart(ProcessorPart part) {
    return turnStart.test(part);
  }

  boolean isAnswer(ProcessorPart part) {
    return answer.test(part);
  }

  /**
   * Calls {@code listener} for every stage that exists now and every stage created later, until the
   * returned action is run.
   */
  Runnable eachStage(Consumer<StageMetrics> listener) {
    return registry.eachStage(listener);
  }

  private static void requireName(String name) {
    if (Objects.requireNonNull(name, "name").isBlank()) {
      throw new IllegalArgumentException("a stage or probe name must not be blank");
    }
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  /**
   * Settings of {@link RealTimeMetrics}. Not thread-safe; {@link #build()} may be called more than
   * once.
   */
  public static final class Builder {
    private Clock clock = Clock.system();
    private Thresholds thresholds = Thresholds.defaults();
    private Duration window = Duration.ofSeconds(10);
    private Duration bucket = Duration.ofSeconds(1);
    private int timelineBuckets = 300;
    private Duration gapTolerance = Duration.ofMillis(20);
    private int recentSamples = 1000;
    private Predicate<ProcessorPart> turnStart =
        p -> p.isSignal(SignalKind.END_OF_TURN) || p.isSignal(SignalKind.END_OF_SPEECH);
    private Predicate<ProcessorPart> answer =
        p -> !p.isOutOfBand() && !(p.content() instanceof Content.Signal);

    private Builder() {}

    /** The clock for every measurement (default {@link Clock#system()}). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** When recommendations appear (default {@link Thresholds#defaults()}). */
    public Builder thresholds(Thresholds thresholds) {
      this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
      return this;
    }

    /** The sliding window of the throughput figures (default 10 s), rounded up to buckets. */
    public Builder throughputWindow(Duration window) {
      this.window = positive(window, "throughputWindow");
      return this;
    }

    /** The width of a throughput bucket and timeline point (default 1 s). */
    public Builder timelineBucket(Duration bucket) {
      this.bucket = positive(bucket, "timelineBucket");
      return this;
    }

    /** How many buckets the timeline keeps (default 300: five minutes of 1 s buckets). */
    public Builder timelineLength(int buckets) {
      if (buckets < 1 || buckets > 100_000) {
        throw new IllegalArgumentException("timelineLength must be 1..100000, got " + buckets);
      }
      this.timelineBuckets = buckets;
      return this;
    }

    /**
     * How many of the latest samples of each latency a stage keeps for its {@link RecentWindow}
     * beside the since-start figures (default 1,000, genai-processors' window; 8 bytes a sample,
     * three latencies a stage).
     */
    public Builder recentSamples(int samples) {
      if (samples < 1 || samples > 1_000_000) {
        throw new IllegalArgumentException("recentSamples must be 1..1000000, got " + samples);
      }
      this.recentSamples = samples;
      return this;
    }

    /**
     * How late output audio may arrive after the previous audio finished playing before it counts
     * as an underrun (default 20 ms).
     */
    public Builder gapTolerance(Duration tolerance) {
      Objects.requireNonNull(tolerance, "gapTolerance");
      if (tolerance.isNegative()) {
        throw new IllegalArgumentException("gapTolerance must not be negative, got " + tolerance);
      }
      this.gapTolerance = tolerance;
      return this;
    }

    /**
     * Which input parts end the user's turn, starting the turn-latency clock of an instrumented
     * pipeline (default: end-of-turn and end-of-speech signals). The first input part of a run also
     * opens a turn, for request/response pipelines that send no such signal.
     */
    public Builder turnStart(Predicate<ProcessorPart> turnStart) {
      this.turnStart = Objects.requireNonNull(turnStart, "turnStart");
      return this;
    }

    /**
     * Which output parts count as the answer that stops the turn-latency clock (default: any
     * in-band part that is not a signal).
     */
    public Builder answer(Predicate<ProcessorPart> answer) {
      this.answer = Objects.requireNonNull(answer, "answer");
      return this;
    }

    /** The metrics; the clock's current time becomes their origin. */
    public RealTimeMetrics build() {
      if (bucket.compareTo(window) > 0) {
        throw new IllegalArgumentException(
            "timelineBucket " + bucket + " is longer than throughputWindow " + window);
      }
      return new RealTimeMetrics(this);
    }

    private static Duration positive(Duration d, String name) {
      Objects.requireNonNull(d, name);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, got " + d);
      }
      return d;
    }
  }
}
