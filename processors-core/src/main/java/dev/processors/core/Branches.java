package dev.processors.core;

import java.util.ArrayList;
import java.util.List;

/**
 * Shared machinery of the fan-out combinators: feed one input to several branch streams, and run
 * bodies as threads of a scope with the stage error rules.
 */
final class Branches {
  private Branches() {}

  /** Runs {@code body} on a thread of {@code scope}; a failure (not a cancellation) fails it. */
  static Thread start(Scope scope, String name, ThrowingRunnable body) {
    return scope.start(
        "processors:" + name,
        () -> {
          try {
            body.run();
          } catch (DownstreamClosedException e) {
            // the reader left: end quietly
          } catch (Throwable t) {
            if (!scope.isCancelled()) {
              scope.fail(name, t);
            }
          }
        });
  }

  /** Copies every part of {@code in} to each channel (skipping channels whose reader left). */
  static void broadcast(PartStream in, List<SpscChannel> channels) {
    List<SpscChannel> open = new ArrayList<>(channels);
    try {
      while (in.hasNext() && !open.isEmpty()) {
        ProcessorPart part = in.next();
        for (int i = 0; i < open.size(); i++) {
          try {
            open.get(i).put(part);
          } catch (DownstreamClosedException e) {
            open.remove(i--);
          }
        }
      }
    } finally {
      for (SpscChannel c : channels) {
        c.complete();
      }
    }
  }

  /** Ends a nested scope: joins it, then throws its failure or cancellation if there is one. */
  static void finish(Scope scope, RuntimeException caught) {
    scope.closeChild();
    if (caught instanceof DownstreamClosedException e && scope.failure() == null) {
      throw e;
    }
    ProcessorException failure = scope.failure();
    if (failure != null) {
      throw failure;
    }
    if (scope.isCancelled()) {
      throw scope.cancellation();
    }
  }

  @FunctionalInterface
  interface ThrowingRunnable {
    void run() throws Exception;
  }

  static String names(List<? extends Processor> processors) {
    StringBuilder sb = new StringBuilder("(");
    for (Processor p : processors) {
      sb.append(sb.length() == 1 ? "" : ", ").append(p.name());
    }
    return sb.append(')').toString();
  }
}
