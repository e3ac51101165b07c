package dev.processors.metrics;

import dev.processors.core.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * Live figures for examples and demos: one labelled line per interval (default one second) with,
 * for each pipeline, the turn latency p50/p99, turns so far and output rate, and for each stage its
 * processing time p50/p99 and output rate during the last interval; then errors, interruptions
 * (each barge-in once: as the pipelines counted it, or without a pipeline the most any stage
 * counted) and audio gaps. The line is plain text with no terminal escape codes.
 *
 * <pre>{@code
 * try (LiveConsole live = LiveConsole.start(metrics, System.out::println)) {
 *   ... run the pipeline ...
 * }
 * // [   3s] pipeline: turn p50 422 ms · p99 910 ms · 2 turns · 48 parts/s | stt: p50 12.0 ms · p99
 * // 40.1 ms · 50 parts/s | llm: idle | errors 0 · interruptions 0 · gaps 0
 * }</pre>
 *
 * <p><b>Threading.</b> Lines are printed from one virtual thread that sleeps on the metrics' clock
 * from a drift-free schedule (tick n at start + n × interval; ticks missed while the consumer was
 * slow are skipped). {@link #close()} stops and joins that thread; it is idempotent. <b>Errors.</b>
 * An exception thrown by the line consumer stops the console (it is not retried); {@link
 * #failure()} returns it.
 */
public final class LiveConsole implements AutoCloseable {
  private final RealTimeMetrics metrics;
  private final Consumer<String> lines;
  private final long intervalNanos;
  private final Clock clock;
  private final Map<String, Histogram> previous = new HashMap<>();
  private final Map<String, Long> previousOut = new HashMap<>();
  private final Thread thread;
  private volatile Throwable failure;

  private LiveConsole(RealTimeMetrics metrics, Consumer<String> lines, Duration interval) {
    this.metrics = metrics;
    this.lines = lines;
    this.intervalNanos = interval.toNanos();
    this.clock = metrics.clock();
    this.thread = Thread.ofVirtual().name("processors-metrics-console").unstarted(this::loop);
  }

  /** Prints a line every second to {@code lines}, from now until {@link #close()}. */
  public static LiveConsole start(RealTimeMetrics metrics, Consumer<String> lines) {
    return start(metrics, lines, Duration.ofSeconds(1));
  }

  /** Prints a line every {@code interval} to {@code lines}. */
  public static LiveConsole start(
      RealTimeMetrics metrics, Consumer<String> lines, Duration interval) {
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(lines, "lines");
    Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("interval must be positive, got " + interval);
    }
    LiveConsole console = new LiveConsole(metrics, lines, interval);
    console.thread.start();
    return console;
  }

  /** The exception that stopped the line consumer, if any. */
  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure);
  }

  /** Stops printing and waits for the printing thread to end. Idempotent. */
  @Override
  public void close() {
    thread.interrupt();
    boolean interrupted = false;
    while (true) {
      try {
        thread.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  boolean isAlive() {
    return thread.isAlive();
  }

  private void loop() {
    long next = clock.nanoTime() + intervalNanos;
    try {
      while (!Thread.currentThread().isInterrupted()) {
        clock.sleepUntil(next);
        lines.accept(line());
        long now = clock.nanoTime();
        next += intervalNanos;
        if (next <= now) {
          next += ((now - next) / intervalNanos + 1) * intervalNanos;
        }
      }
    } catch (InterruptedException e) {
      // closed
    } catch (RuntimeException | Error e) {
      failure = e;
    }
  }

  /** The line for the interval that just ended (also advances the interval). */
  String line() {
    long now = metrics.sinceOrigin();
    List<String> pieces = new ArrayList<>();
    long errors = 0;
    long pipelineInterruptions = 0;
    long stageInterruptions = 0;
    boolean anyPipeline = false;
    long gaps = 0;
    for (String name : metrics.stageNames()) {
      StageMetrics s = metrics.stage(name);
      long out = s.partsOut();
      double rate = (out - previousOut.getOrDefault(name, 0L)) * 1e9 / intervalNanos;
      previousOut.put(name, out);
      errors += s.errors();
      if (s.kind() == StageSnapshot.Kind.PIPELINE) {
        anyPipeline = true;
        pipelineInterruptions += s.interruptions();
        Histogram turns = s.turnLatency.cumulative();
        gaps += s.gaps.cumulative().getTotalCount();
        pieces.add(ConsoleLine.pipeline(name, turns, rate));
      } else {
        stageInterruptions = Math.max(stageInterruptions, s.interruptions());
        Histogram all = s.processing.cumulative();
        Histogram interval = all.copy();
        Histogram before = previous.put(name, all);
        if (before != null) {
          interval.subtract(before);
        }
        pieces.add(ConsoleLine.stage(name, interval, rate));
      }
    }
    // One barge-in passes through every stage and each counts it: count it once, as the
    // pipelines saw it (or, without a pipeline, as the stage that saw the most).
    long interruptions = anyPipeline ? pipelineInterruptions : stageInterruptions;
    return ConsoleLine.join(now, pieces, errors, interruptions, gaps);
  }
}
