package dev.processors.live;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.TaskScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * Watches a live stream with one or more {@link Detector}s while passing the stream through
 * unchanged, and turns what they see into events: <b>state transitions</b> (from → to, {@code *}
 * matching any state) that emit the parts you configured into the stream.
 *
 * <pre>{@code
 * EventDetector events = EventDetector.builder()
 *     .detector("camera", Detector.model(visionModel), p -> MimeTypes.isImage(p.mimeType()))
 *     .onTransition("*", "person", ProcessorPart.text("Someone just walked in."))
 *     .onTransition("person", "no_person", ProcessorPart.text("They left."))
 *     .confirmations(2)                         // two identical detections in a row
 *     .minInterval(Duration.ofSeconds(10))      // at most one event of a kind per 10 s
 *     .build();
 * Processor agent = camera.andThen(events).andThen(liveModel);
 * }</pre>
 *
 * <p><b>Debouncing.</b> A new state is accepted after {@code confirmations} identical detections in
 * a row (N means N: the N-th one fires). An event of a given kind (its target state) fires at most
 * once per {@code minInterval}; one that comes sooner is counted as debounced and the state stays.
 * Scored detectors debounce with hysteresis ({@link Detector#scored}).
 *
 * <p><b>Real time.</b> Detections run as tasks of the run, at most {@code maxConcurrentDetections}
 * at once; while a detector is busy only its newest waiting part is kept, and a part older than
 * {@code maxAge} when its turn comes is not analysed. Results that come back out of order are
 * ignored if a newer part's result was already applied. Time is read from the {@link Clock}.
 *
 * <p><b>Errors.</b> A detector that throws an exception produces a debug part and the stream goes
 * on (an {@link Error} fails the run). <b>Threading.</b> The instance holds only configuration and
 * counters ({@link #stats()}, summed over all runs); each run keeps its own states. The stage
 * thread passes the stream through; each detection is a task forked on a {@link TaskScope} of the
 * stage (named {@code detector <name>}, made by the run's thread factory; a {@link Detector#model
 * model detector}'s call is a nested run with the run's options), and events are emitted through
 * the stage's {@link PartSink#shared() shared} sink. At the end of the input the stage waits for
 * the detections in flight; closing or cancelling the run cancels them and waits for them to end.
 */
public final class EventDetector implements Processor {
  /** Metadata keys of emitted event parts. */
  public static final String EVENT_DETECTOR = "event_detector";

  /** The state the transition left. */
  public static final String EVENT_FROM = "event_from";

  /** The state the transition entered. */
  public static final String EVENT_TO = "event_to";

  /**
   * Metadata key on an event part: the confidence (score in [0, 1]) of the detection that fired.
   */
  public static final String EVENT_CONFIDENCE = "event_confidence";

  /** The state of every detector before its first event. */
  public static final String INITIAL_STATE = "unknown";

  final List<Watch> watches;
  final List<Rule> rules;
  final int confirmations;
  final Duration defaultInterval;
  final Map<String, Duration> intervals;
  final int maxConcurrent;
  final Duration maxAge;
  final Clock clock;
  final AtomicLong detected = new AtomicLong();
  final AtomicLong debounced = new AtomicLong();
  final AtomicLong stale = new AtomicLong();
  final AtomicLong superseded = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong detections = new AtomicLong();
  final AtomicLong latencyTotalNanos = new AtomicLong();
  final AtomicLong latencyMaxNanos = new AtomicLong();
  private final ConcurrentHashMap<String, LongAdder> byEvent = new ConcurrentHashMap<>();

  /** Counts one fired event of {@code detector} entering {@code state}. */
  void countEvent(String detector, String state) {
    byEvent.computeIfAbsent(detector + ":" + state, k -> new LongAdder()).increment();
  }

  private Map<String, Long> eventCounts() {
    TreeMap<String, Long> counts = new TreeMap<>();
    byEvent.forEach((k, v) -> counts.put(k, v.sum()));
    return Collections.unmodifiableMap(counts);
  }

  record Watch(String name, Detector detector, Predicate<? super ProcessorPart> analyses) {}

  record Rule(String detector, String from, String to, List<ProcessorPart> emit) {
    boolean matches(String d, String f, String t) {
      return (detector == null || detector.equals(d))
          && (from.equals("*") || from.equals(f))
          && (to.equals("*") || to.equals(t));
    }
  }

  /**
   * The detector's counters, summed over all runs.
   *
   * @param detected events that fired
   * @param debounced transitions suppressed by the minimum interval
   * @param stale parts not analysed because they were older than maxAge
   * @param superseded parts not analysed because a newer one arrived while the detector was busy
   * @param failed detections that threw
   * @param detections detections that ran
   * @param meanLatency mean time from a part's arrival to its detection's result
   * @param maxLatency the longest such time
   * @param detectedByEvent events that fired per event type, {@code detector:state} (the detector's
   *     name and the state it entered), sorted by key
   */
  public record Stats(
      long detected,
      long debounced,
      long stale,
      long superseded,
      long failed,
      long detections,
      Duration meanLatency,
      Duration maxLatency,
      Map<String, Long> detectedByEvent) {}

  private EventDetector(Builder b) {
    this.watches = List.copyOf(b.watches);
    this.rules = List.copyOf(b.rules);
    this.confirmations = b.confirmations;
    this.defaultInterval = b.minInterval;
    this.intervals = Map.copyOf(b.intervals);
    this.maxConcurrent = b.maxConcurrent;
    this.maxAge = b.maxAge;
    this.clock = b.clock;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The counters so far. */
  public Stats stats() {
    long n = detections.get();
    return new Stats(
        detected.get(),
        debounced.get(),
        stale.get(),
        superseded.get(),
        failed.get(),
        n,
        Duration.ofNanos(n == 0 ? 0 : latencyTotalNanos.get() / n),
        Duration.ofNanos(latencyMaxNanos.get()),
        eventCounts());
  }

  @Override
  public String name() {
    return "events" + watches.stream().map(Watch::name).toList();
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    try (TaskScope tasks = TaskScope.open()) {
      DetectionRun run = new DetectionRun(this, out.shared(), tasks);
      try {
        long seq = 0;
        for (ProcessorPart part : in) {
          run.emit(part);
          if (part.isOutOfBand() || part.content() instanceof Content.Signal) {
            continue;
          }
          seq++;
          for (int i = 0; i < watches.size(); i++) {
            if (watches.get(i).analyses().test(part)) {
              run.submit(new DetectionRun.Job(i, part, seq, clock.nanoTime()));
            }
          }
        }
        tasks.join(); // the detections still running or waiting, and the events they fire
      } finally {
        run.stopDispatching();
      }
    }
  }

  /** Builds an {@link EventDetector}; each setter validates its argument. */
  public static final class Builder {
    private final List<Watch> watches = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private int confirmations = 1;
    private Duration minInterval = Duration.ZERO;
    private final Map<String, Duration> intervals = new LinkedHashMap<>();
    private int maxConcurrent = 2;
    private Duration maxAge = Duration.ofSeconds(2);
    private Clock clock = Clock.system();

    private Builder() {}

    /** A detector that analyses every data part (signals and out-of-band parts excepted). */
    public Builder detector(String name, Detector detector) {
      return detector(name, detector, p -> true);
    }

    /** A detector that analyses the parts {@code analyses} accepts. */
    public Builder detector(
        String name, Detector detector, Predicate<? super ProcessorPart> analyses) {
      if (Objects.requireNonNull(name, "name").isBlank()) {
        throw new IllegalArgumentException("detector name is blank");
      }
      if (watches.stream().anyMatch(w -> w.name().equals(name))) {
        throw new IllegalArgumentException("two detectors are named '" + name + "'");
      }
      watches.add(
          new Watch(
              name,
              Objects.requireNonNull(detector, "detector"),
              Objects.requireNonNull(analyses, "analyses")));
      return this;
    }

    /**
     * Emits {@code parts} when any detector goes from {@code from} to {@code to} ({@code *}: any).
     */
    public Builder onTransition(String from, String to, ProcessorPart... parts) {
      rules.add(new Rule(null, requireState(from), requireState(to), List.of(parts)));
      return this;
    }

    /** Emits {@code parts} when detector {@code detector} goes from {@code from} to {@code to}. */
    public Builder onTransition(String detector, String from, String to, ProcessorPart... parts) {
      rules.add(
          new Rule(
              Objects.requireNonNull(detector, "detector"),
              requireState(from),
              requireState(to),
              List.of(parts)));
      return this;
    }

    /** How many identical detections in a row confirm a new state (default 1). */
    public Builder confirmations(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("confirmations must be at least 1, got " + n);
      }
      this.confirmations = n;
      return this;
    }

    /** The least time between two events of the same kind (default none). */
    public Builder minInterval(Duration interval) {
      this.minInterval = requireNonNegative(interval, "minInterval");
      return this;
    }

    /** The least time between two events entering {@code state}. */
    public Builder minInterval(String state, Duration interval) {
      intervals.put(requireState(state), requireNonNegative(interval, "minInterval"));
      return this;
    }

    /** How many detections may run at once (default 2). */
    public Builder maxConcurrentDetections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentDetections must be at least 1, got " + n);
      }
      this.maxConcurrent = n;
      return this;
    }

    /** Parts older than this when their detection would start are not analysed (default 2 s). */
    public Builder maxAge(Duration age) {
      this.maxAge = requireNonNegative(age, "maxAge");
      return this;
    }

    /** The clock of intervals, ages and latencies. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The processor. */
    public EventDetector build() {
      if (watches.isEmpty()) {
        throw new IllegalStateException("an EventDetector needs at least one detector");
      }
      return new EventDetector(this);
    }

    private static String requireState(String s) {
      if (Objects.requireNonNull(s, "state").isBlank()) {
        throw new IllegalArgumentException("state is blank");
      }
      return s;
    }

    private static Duration requireNonNegative(Duration d, String what) {
      if (Objects.requireNonNull(d, what).isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
