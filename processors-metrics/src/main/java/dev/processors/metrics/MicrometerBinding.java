package dev.processors.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ToDoubleFunction;

/**
 * Exposes {@link RealTimeMetrics} to a Micrometer {@link MeterRegistry}, under the names of {@link
 * MetricNames} with the stage in the {@value MetricNames#STAGE} tag. Latencies appear as time
 * gauges {@code <name>.percentile} tagged {@code phi} (0.5, 0.95, 0.99), counts as function
 * counters, throughput as a gauge.
 *
 * <pre>{@code
 * MicrometerBinding binding = MicrometerBinding.bind(metrics, registry);
 * }</pre>
 *
 * <p>Micrometer is an optional dependency of this module: this is the only class that uses it, and
 * it is loaded only when called, so applications without Micrometer never need it.
 *
 * <p><b>Threading.</b> Meters read the metrics when the registry polls them; percentile gauges
 * share one snapshot per stage, refreshed at most once a second, so polling costs little and never
 * blocks recording. Stages that appear after binding are registered as they appear. {@link
 * #close()} removes every meter this binding registered.
 */
public final class MicrometerBinding implements AutoCloseable {
  private static final double[] PHIS = {0.5, 0.95, 0.99};

  private final MeterRegistry registry;
  private final List<Meter> meters = new CopyOnWriteArrayList<>();
  private final Runnable unsubscribe;

  private MicrometerBinding(RealTimeMetrics metrics, MeterRegistry registry) {
    this.registry = registry;
    this.unsubscribe = metrics.eachStage(s -> register(new StageView(s, metrics)));
  }

  /**
   * Registers the figures of every stage of {@code metrics}, now and later, in {@code registry}.
   */
  public static MicrometerBinding bind(RealTimeMetrics metrics, MeterRegistry registry) {
    return new MicrometerBinding(
        Objects.requireNonNull(metrics, "metrics"), Objects.requireNonNull(registry, "registry"));
  }

  /** Stops registering new stages and removes the meters registered so far. Idempotent. */
  @Override
  public void close() {
    unsubscribe.run();
    for (Meter m : meters) {
      registry.remove(m);
    }
    meters.clear();
  }

  private void register(StageView v) {
    String stage = v.stage.name();
    counter(MetricNames.PARTS, v, x -> x.stage.partsIn(), stage, "direction", "in");
    counter(MetricNames.PARTS, v, x -> x.stage.partsOut(), stage, "direction", "out");
    counter(MetricNames.ERRORS, v, x -> x.stage.errors(), stage);
    counter(MetricNames.INTERRUPTIONS, v, x -> x.stage.interruptions(), stage);
    counter(MetricNames.UNDERRUNS, v, x -> x.snapshot().underruns(), stage);
    counter(
        MetricNames.TOKEN_USAGE,
        v,
        x -> x.snapshot().inputTokens(),
        stage,
        MetricNames.TOKEN_TYPE,
        "input");
    counter(
        MetricNames.TOKEN_USAGE,
        v,
        x -> x.snapshot().outputTokens(),
        stage,
        MetricNames.TOKEN_TYPE,
        "output");
    meters.add(
        Gauge.builder(MetricNames.THROUGHPUT, v, x -> x.snapshot().throughput())
            .tag(MetricNames.STAGE, stage)
            .baseUnit("parts/s")
            .description("output parts per second over the sliding window")
            .strongReference(true)
            .register(registry));
    for (double phi : PHIS) {
      percentile(MetricNames.OPERATION_DURATION, v, phi, s -> s.processing());
      percentile(MetricNames.TIME_TO_FIRST_CHUNK, v, phi, s -> s.firstOutput());
      if (v.stage.kind() == StageSnapshot.Kind.PIPELINE) {
        percentile(MetricNames.TURN_LATENCY, v, phi, s -> s.turnLatency());
      }
    }
  }

  private void counter(
      String name, StageView v, ToDoubleFunction<StageView> f, String stage, String... tags) {
    meters.add(
        FunctionCounter.builder(name, v, f)
            .tag(MetricNames.STAGE, stage)
            .tags(tags)
            .register(registry));
  }

  private void percentile(
      String name,
      StageView v,
      double phi,
      java.util.function.Function<StageSnapshot, LatencySummary> which) {
    meters.add(
        TimeGauge.builder(
                name + ".percentile",
                v,
                TimeUnit.NANOSECONDS,
                x -> pick(which.apply(x.snapshot()), phi))
            .tag(MetricNames.STAGE, v.stage.name())
            .tag("phi", Double.toString(phi))
            .strongReference(true)
            .register(registry));
  }

  private static double pick(LatencySummary s, double phi) {
    return phi == 0.5 ? s.p50Nanos() : phi == 0.95 ? s.p95Nanos() : s.p99Nanos();
  }

  /** One stage's snapshot, shared by its meters and refreshed at most once a second. */
  private static final class StageView {
    final StageMetrics stage;
    final RealTimeMetrics metrics;
    private final ReentrantLock lock = new ReentrantLock();
    private StageSnapshot cached;
    private long cachedAt;

    StageView(StageMetrics stage, RealTimeMetrics metrics) {
      this.stage = stage;
      this.metrics = metrics;
    }

    StageSnapshot snapshot() {
      lock.lock();
      try {
        long now = metrics.sinceOrigin();
        if (cached == null || now - cachedAt >= 1_000_000_000L) {
          cached = stage.snapshot(now);
          cachedAt = now;
        }
        return cached;
      } finally {
        lock.unlock();
      }
    }
  }
}
