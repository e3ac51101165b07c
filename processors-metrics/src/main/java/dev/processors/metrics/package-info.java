/**
 * Real-time metrics for pipelines: where the latency goes, stage by stage.
 *
 * <p>{@link dev.processors.metrics.RealTimeMetrics} measures every stage of a run started with its
 * {@link dev.processors.metrics.RealTimeMetrics#runOptions() run options} (the one way to attach),
 * and the turns of instrumented pipelines, without changing their output; {@link
 * dev.processors.metrics.MetricsSnapshot} is an immutable view that round-trips through JSON;
 * {@link dev.processors.metrics.HtmlReport} renders it as a self-contained page; {@link
 * dev.processors.metrics.LiveConsole} prints a compact line per second; {@link
 * dev.processors.metrics.MicrometerBinding} exposes the figures to Micrometer when Micrometer is on
 * the class path. See the module's README for a worked example.
 */
package dev.processors.metrics;
