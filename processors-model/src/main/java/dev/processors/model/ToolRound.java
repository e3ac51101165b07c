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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Runs the function calls of one model round as tasks of a {@link TaskScope}, at most {@code
 * maxConcurrent} at once, and returns their responses in the order of the calls.
 *
 * <p>Each task runs its tool on a thread of its own, made by the run's thread factory but not
 * joined by the run: a tool that ignores interrupts must not hold up the run's close. When the run
 * is cancelled, the task interrupts the tool, waits up to {@code grace} for it to end, then lets it
 * go: the tool's thread runs on until the tool returns, its result is dropped, and a warning names
 * the tool. A tool that throws an {@link Exception} answers {@code {"error": ...}}; one that throws
 * an {@link Error} fails the task, hence the run, with that error as the cause.
 *
 * <p>Used by the thread that owns the scope.
 */
final class ToolRound {
  private static final System.Logger LOG = System.getLogger(FunctionCalling.class.getName());

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
          scope.forkValue(
              "tool " + call.name(),
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

  private ProcessorPart respond(Content.FunctionCall call) throws Exception {
    Object result;
    try {
      result = callOnItsOwnThread(call);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      Throwable t = e.getCause();
      result =
          Map.of(
              "error",
              t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
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

  private Object callOnItsOwnThread(Content.FunctionCall call)
      throws ExecutionException, InterruptedException {
    CompletableFuture<Object> result = new CompletableFuture<>();
    Thread tool =
        scope
            .options()
            .threadFactory()
            .newThread(
                () -> {
                  try {
                    result.complete(tools.call(call.name(), call.argumentsNode()));
                  } catch (Throwable t) {
                    result.completeExceptionally(t);
                  }
                });
    if (tool == null) {
      throw new IllegalStateException("the run's thread factory returned null");
    }
    tool.setName("processors:tool " + call.name() + " (call " + call.id() + ")");
    tool.start();
    try {
      Object value = result.get();
      tool.join(); // it is ending: the result is the last thing it does
      return value;
    } catch (InterruptedException cancelled) {
      letGo(tool, call);
      throw new CancellationException("tool '" + call.name() + "' cancelled with its run");
    }
  }

  /** The run was cancelled while {@code tool} ran: interrupt it, wait a little, then let it go. */
  private void letGo(Thread tool, Content.FunctionCall call) {
    tool.interrupt();
    try {
      if (!tool.join(grace)) {
        LOG.log(
            System.Logger.Level.WARNING,
            "tool ''{0}'' (call {1}) ignored the interrupt of its cancelled run; its thread {2}"
                + " runs on until the tool returns, and its result will be dropped",
            call.name(),
            call.id(),
            tool.getName());
      }
    } catch (InterruptedException again) {
      // Cancelled twice: stop waiting.
    }
    Thread.currentThread().interrupt();
  }
}
