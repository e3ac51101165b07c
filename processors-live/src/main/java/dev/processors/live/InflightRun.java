package dev.processors.live;

import dev.processors.core.PartSink;
import dev.processors.core.ProcessorPart;
import dev.processors.core.TaskScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of {@link InflightIntents}: the sliding window of the answer's text, which intents fired
 * this turn, and the tool calls and model classifications in flight (tasks of the stage's {@link
 * TaskScope}). Called by the stage thread and by those tasks; one lock guards the window and the
 * turn, and {@code out} is the stage's shared sink.
 */
final class InflightRun {
  private final InflightIntents config;
  private final PartSink out;
  private final TaskScope tasks;
  private final Semaphore toolPermits;
  private final ReentrantLock lock = new ReentrantLock();
  // Guarded by lock.
  private final StringBuilder buffer = new StringBuilder();
  private final Map<String, Boolean> fired = new LinkedHashMap<>();
  private final Map<String, Boolean> classifying = new LinkedHashMap<>();
  private long turn;

  InflightRun(InflightIntents config, PartSink out, TaskScope tasks) {
    this.config = config;
    this.out = out;
    this.tasks = tasks;
    this.toolPermits = new Semaphore(config.maxConcurrentTools);
  }

  void emit(ProcessorPart part) {
    out.emit(part);
  }

  /** A turn ended: the window empties and every intent may fire again. */
  void newTurn() {
    lock.lock();
    try {
      buffer.setLength(0);
      fired.clear();
      classifying.clear();
      turn++;
    } finally {
      lock.unlock();
    }
  }

  /** Adds a text delta of the answer to the window and fires the intents it completes. */
  void append(String delta) {
    String view;
    long t;
    lock.lock();
    try {
      buffer.append(delta);
      if (buffer.length() > config.window) {
        buffer.delete(0, buffer.length() - config.window);
      }
      view = buffer.toString();
      t = turn;
    } finally {
      lock.unlock();
    }
    for (InflightIntents.Intent intent : config.intents) {
      if (hasFired(intent.name())) {
        continue;
      }
      if (intent.matcher() != null) {
        intent.matcher().find(intent.name(), view).ifPresent(m -> fire(intent, m, t));
      } else {
        classify(intent, view, t);
      }
    }
  }

  private boolean hasFired(String name) {
    lock.lock();
    try {
      return fired.containsKey(name);
    } finally {
      lock.unlock();
    }
  }

  /** A model matcher: one classification in flight per intent; newer text waits for the next. */
  private void classify(InflightIntents.Intent intent, String view, long t) {
    lock.lock();
    try {
      if (classifying.containsKey(intent.name())) {
        return;
      }
      classifying.put(intent.name(), true);
    } finally {
      lock.unlock();
    }
    tasks.fork("intent classifier " + intent.name(), () -> runClassifier(intent, view, t));
  }

  private void runClassifier(InflightIntents.Intent intent, String view, long t) {
    boolean yes = false;
    try {
      List<ProcessorPart> prompt =
          List.of(
              ProcessorPart.text(
                      "Does the following text express the intent '"
                          + intent.name()
                          + "'? Answer yes or no.")
                  .withRole(ProcessorPart.SYSTEM),
              ProcessorPart.text(view));
      yes =
          ProcessorPart.textOf(intent.classifier().apply(prompt)) // a nested run
              .strip()
              .toLowerCase(Locale.ROOT)
              .startsWith("yes");
    } catch (CancellationException e) {
      throw e; // the run is cancelled or closed
    } catch (RuntimeException e) {
      emit(
          ProcessorPart.debug(
              "intent classifier '" + intent.name() + "' failed: " + e.getMessage()));
    } finally {
      lock.lock();
      try {
        if (turn == t) {
          classifying.remove(intent.name());
        }
      } finally {
        lock.unlock();
      }
    }
    if (yes) {
      fire(intent, new IntentMatch(intent.name(), view, List.of(), view), t);
    }
  }

  private void fire(InflightIntents.Intent intent, IntentMatch match, long t) {
    lock.lock();
    try {
      if (turn != t || fired.containsKey(intent.name())) {
        return;
      }
      fired.put(intent.name(), true);
    } finally {
      lock.unlock();
    }
    String id = "inflight-" + config.calls.incrementAndGet();
    Map<String, Object> args = new LinkedHashMap<>();
    args.put("text", match.text());
    args.put("groups", match.groups());
    emit(
        ProcessorPart.functionCall(id, intent.name(), args)
            .withMetadata(InflightIntents.INFLIGHT, true));
    tasks.fork("inflight tool " + intent.name(), () -> runTool(intent, match, id));
  }

  private void runTool(InflightIntents.Intent intent, IntentMatch match, String id)
      throws InterruptedException {
    Object result;
    toolPermits.acquire(); // interrupted: the run is cancelled or closed
    try {
      result = intent.tool().call(match);
    } catch (InterruptedException e) {
      return;
    } catch (Exception e) {
      result =
          Map.of(
              "error",
              e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    } finally {
      toolPermits.release();
    }
    ProcessorPart response;
    try {
      response =
          ProcessorPart.functionResponse(id, intent.name(), result == null ? Map.of() : result);
    } catch (IllegalArgumentException e) {
      response =
          ProcessorPart.functionResponse(
              id,
              intent.name(),
              Map.of("error", "the result cannot be written as JSON: " + e.getMessage()));
    }
    emit(response.withMetadata(InflightIntents.INFLIGHT, true));
  }
}
