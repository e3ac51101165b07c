/**
 * Parts, processors and the virtual-thread runtime: the foundation of Processors for Java.
 *
 * <p>A pipeline is a chain of {@link dev.processors.core.Processor}s over a stream of immutable
 * {@link dev.processors.core.ProcessorPart}s. Each stage runs on its own virtual thread; stages
 * hand parts over through bounded channels, so a slow stage slows the ones before it instead of
 * filling memory; a run is cancelled, and fails, as one unit.
 *
 * <pre>{@code
 * PartProcessor clean = Processors.mapText(String::strip);       // one part at a time, fused
 * Processor model = (in, out) -> {                                // a whole stream
 *   for (ProcessorPart question : in) {
 *     out.emit(ProcessorPart.status("thinking"));                // out-of-band: overtakes data
 *     out.emitText("You said: " + question.text().orElse(""));
 *   }
 * };
 * try (ProcessorRun run = clean.andThen(model).start(List.of(ProcessorPart.text(" hi ")))) {
 *   for (ProcessorPart part : run) {
 *     System.out.println(part);
 *   }
 * } // closing cancels every thread the run started and waits for them
 * }</pre>
 *
 * <h2>What to reach for</h2>
 *
 * <ul>
 *   <li>Composition: {@code andThen}, {@link dev.processors.core.Processor#chain}, {@link
 *       dev.processors.core.PartProcessor#parallel}, {@link
 *       dev.processors.core.Processor#parallelConcat}, {@link dev.processors.core.Processor#merge},
 *       {@link dev.processors.core.Processors#route()}, {@link
 *       dev.processors.core.PartProcessor#concurrent}.
 *   <li>Resilience: {@link dev.processors.core.Processors#retry}, {@link
 *       dev.processors.core.Processors#timeout}, {@link
 *       dev.processors.core.Processors#errorsAsParts}, {@link
 *       dev.processors.core.Processors#cached}.
 *   <li>Live input: {@link dev.processors.core.PartQueue}; control signals ({@link
 *       dev.processors.core.SignalKind}) overtake queued data and {@code interrupted} drops it.
 *   <li>Time: {@link dev.processors.core.Clock}, and {@link dev.processors.core.VirtualClock} in
 *       tests.
 *   <li>Interop: {@link dev.processors.core.Processors#toPublisher} and {@link
 *       dev.processors.core.Processors#fromPublisher} ({@code java.util.concurrent.Flow}); {@link
 *       dev.processors.core.PartJson} to cross process boundaries.
 *   <li>Observing runs: {@link dev.processors.core.RunOptions} (thread factory, channel capacity, a
 *       {@link dev.processors.core.StageDecorator} around every stage).
 *   <li>Record and replay: {@link dev.processors.core.Recorder} writes what crosses chosen points
 *       of a run, with its time; {@link dev.processors.core.Replay} re-runs a {@link
 *       dev.processors.core.Recording} on a virtual clock, deterministically, the recorded model
 *       standing in for the model; {@link dev.processors.core.RecordingDiff} says where two runs
 *       diverge.
 * </ul>
 *
 * <p>The module README has the full tour: threading, errors, ordering and the measured costs.
 */
package dev.processors.core;
