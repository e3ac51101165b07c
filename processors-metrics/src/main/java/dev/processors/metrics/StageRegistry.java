package dev.processors.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The named stages and probes of one {@link RealTimeMetrics}, in the order they appeared, and the
 * listeners told about new stages. Thread-safe; looked up when attaching, never per part.
 */
final class StageRegistry {
  private final ConcurrentHashMap<String, StageMetrics> stages = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<StageMetrics> order = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<Consumer<StageMetrics>> listeners =
      new CopyOnWriteArrayList<>();
  private final ConcurrentHashMap<String, StripedHistogram> probes = new ConcurrentHashMap<>();
  private final CopyOnWriteArrayList<String> probeOrder = new CopyOnWriteArrayList<>();

  /** The stage called {@code name}, made by {@code factory} on first use; marked as a pipeline. */
  StageMetrics stage(String name, boolean pipeline, Function<String, StageMetrics> factory) {
    StageMetrics existing = stages.get(name);
    if (existing == null) {
      boolean[] created = {false};
      existing =
          stages.computeIfAbsent(
              name,
              n -> {
                created[0] = true;
                StageMetrics m = factory.apply(n);
                if (pipeline) {
                  m.markPipeline();
                }
                return m;
              });
      if (created[0]) {
        order.add(existing);
        for (Consumer<StageMetrics> l : listeners) {
          l.accept(existing);
        }
        return existing;
      }
    }
    if (pipeline) {
      existing.markPipeline();
    }
    return existing;
  }

  /** The latency histogram of probe {@code name}, made by {@code factory} on first use. */
  StripedHistogram probe(String name, Function<String, StripedHistogram> factory) {
    return probes.computeIfAbsent(
        name,
        n -> {
          probeOrder.add(n);
          return factory.apply(n);
        });
  }

  List<StageMetrics> stages() {
    return List.copyOf(order);
  }

  /** Each probe's latencies, in the order the probes were made. */
  Map<String, LatencySummary> probeSummaries() {
    Map<String, LatencySummary> out = new LinkedHashMap<>();
    for (String name : new ArrayList<>(probeOrder)) {
      out.put(name, LatencySummary.of(MetricNames.PROBE_LATENCY, probes.get(name).cumulative()));
    }
    return out;
  }

  /** Tells {@code listener} about every stage, now and later, until the returned action runs. */
  Runnable eachStage(Consumer<StageMetrics> listener) {
    listeners.add(listener);
    for (StageMetrics s : order) {
      listener.accept(s);
    }
    return () -> listeners.remove(listener);
  }
}
