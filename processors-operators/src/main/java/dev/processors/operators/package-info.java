/**
 * Stream operators from natural language, without running model-written code: a model fills a typed
 * {@link dev.processors.operators.OperatorSpec} (structured output checked against {@link
 * dev.processors.operators.SpecSchema}); its logic is CEL, type-checked, priced and dry-run by
 * {@link dev.processors.operators.OperatorCompiler}; {@link
 * dev.processors.operators.OperatorGenerator} loops with the exact error fed back; the result runs
 * in an {@link dev.processors.operators.OperatorStage} that can swap operators on a live stream.
 *
 * <pre>{@code
 * GeneratedOperator avg = OperatorGenerator.builder().model(model).build()
 *     .generate("accumulate the average price for XYZ");
 * OperatorStage stage = OperatorStage.create();
 * stage.install(avg.operator());
 * try (WarpDownlink xyz = WarpDownlink.builder().uri(uri).node("/stock/XYZ").open();
 *     ProcessorRun run = stage.start(xyz)) {
 *   run.forEach(System.out::println);
 * }
 * }</pre>
 *
 * <p>Sources: {@link dev.processors.operators.Ticks} (generated, offline) and {@link
 * dev.processors.operators.WarpDownlink} (a SwimOS value downlink over WARP). The only class that
 * knows the model processors is {@link dev.processors.operators.OperatorModels}.
 */
package dev.processors.operators;
