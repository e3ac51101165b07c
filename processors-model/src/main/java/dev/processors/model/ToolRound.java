package dev.processors.model;

import dev.processors.core.Content;
import dev.processors.core.Fork;
import dev.processors.core.ProcessorPart;
import dev.processors.core.TaskScope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;

/**
 * Runs the function calls of one model round as tasks of a {@link TaskScope}, at most {@code
 * maxConcurrent} at once, and returns their responses in the order of the calls.
 *
 * <p>Each tool runs in a task forked with {@link TaskScope#forkAbandonable}: a tool that ignores
 * interrupts must not hold up the run's close. When the run is cancelled, the scope interrupts the
 * tool, waits up to {@code grace} for it to end, then lets it go: the tool's thread runs on until
 * the tool returns, its result is dropped, and the core logs a warning naming the task. A tool that
 * throws an {@link Exception} answers {@code {"error": ...}}; one that throws an {@link Error}
 * fails the task, hence the run, with that error as the cause.
 *
 * <p>Used by the thread that owns the scope.
 */
final class ToolRound {

  private final Tools tools;
  private final TaskScope scope;
  private final int maxConcurrent;
  private final Duration grace;

  ToolRound(Tools tools, TaskScope scope, int maxConcurrent, Duration grace) {
    this.tools = tools;
    this.scope = scope;
    this.maxConcurrent = maxConcurrent;
    this.grace = grace;
  }

  /** Runs {@code calls}; throws the run's failure or cancellation if it ends first. */
  List<ProcessorPart> run(List<Content.FunctionCall> calls) throws InterruptedException {
    Semaphore permits = new Semaphore(maxConcurrent);
    List<Fork<ProcessorPart>> forks = new ArrayList<>(calls.size());
    for (Content.FunctionCall call : calls) {
      permits.acquire();
      forks.add(
          scope.forkAbandonable(
              "tool " + call.name() + " (call " + call.id() + ")",
              grace,
              () -> {
                try {
                  return respond(call);
                } finally {
                  permits.release();
                }
              }));
    }
    List<ProcessorPart> responses = new ArrayList<>(calls.size());
    for (Fork<ProcessorPart> f : forks) {
      responses.add(f.join());
    }
    return responses;
  }

  private ProcessorPart respond(Content.FunctionCall call) {
    Object result;
    try {
      result = tools.call(call.name(), call.argumentsNode());
    } catch (CancellationException e) {
      throw e;
    } catch (Exception e) {
      if (scope.isCancelled()) {
        throw new CancellationException("tool '" + call.name() + "' cancelled with its run");
      }
      result =
          Map.of(
              "error",
              e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }
    try {
      return ProcessorPart.functionResponse(
          call.id(), call.name(), result == null ? Map.of() : result);
    } catch (IllegalArgumentException e) {
      return ProcessorPart.functionResponse(
          call.id(),
          call.name(),
          Map.of("error", "the result cannot be written as JSON: " + e.getMessage()));
    }
  }
}
