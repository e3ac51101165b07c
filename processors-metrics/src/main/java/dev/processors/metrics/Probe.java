package dev.processors.metrics;

import dev.processors.core.PartProcessor;
import dev.processors.core.PartSink;
import dev.processors.core.ProcessorPart;

/** A pass-through point that records how long parts took to reach it from the first probe. */
final class Probe implements PartProcessor {
  private final String name;
  private final StripedHistogram latency;
  private final IdentityTrace trace;
  private final RealTimeMetrics metrics;

  Probe(String name, StripedHistogram latency, IdentityTrace trace, RealTimeMetrics metrics) {
    this.name = name;
    this.latency = latency;
    this.trace = trace;
    this.metrics = metrics;
  }

  @Override
  public void process(ProcessorPart part, PartSink out) {
    long since = trace.mark(part, metrics.sinceOrigin());
    if (since >= 0) {
      latency.record(since);
    }
    out.emit(part);
  }

  @Override
  public String name() {
    return "probe " + name;
  }
}
