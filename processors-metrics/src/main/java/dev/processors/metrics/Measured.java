package dev.processors.metrics;

/**
 * Marks a processor measured by {@link RealTimeMetrics} (a timed stage or an instrumented
 * pipeline), so the metrics' stage decorator never measures it a second time.
 */
interface Measured {
  /** The metrics that measure it. */
  RealTimeMetrics metrics();
}
