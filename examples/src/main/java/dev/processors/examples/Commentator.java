package dev.processors.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.live.EventDetector;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A commentator for a live stream of ticks: the stream passes through unchanged, and each event
 * from an {@link EventDetector} (a detector entering state {@code on}) becomes a prompt to a model,
 * whose answer streams into the output on the {@value #COMMENT} substream, ending with the model's
 * {@code generation_complete} signal on that substream.
 *
 * <p>Comments are generated on one virtual thread, so ticks keep flowing while the model talks. One
 * comment at a time; events that come meanwhile wait in a queue of {@value #PENDING} (the oldest is
 * dropped when it is full: a stale comment is worth less than a fresh one). When the input ends,
 * the waiting comments are finished first. A failed model call fails the run.
 */
final class Commentator implements Processor {
  /** Substream of the comments. */
  static final String COMMENT = "comment";

  /** Most events waiting for a comment. */
  static final int PENDING = 4;

  static final String SYSTEM =
      "You are a lively financial TV commentator. Comment on the price move you are given in one"
          + " short sentence of at most 20 words. No investment advice.";

  /** A price move worth a comment, read from the latest tick when the event came. */
  record Move(String symbol, int seq, double from, double to, double changePct) {
    static Move of(JsonNode tick) {
      double to = tick.path("price").asDouble();
      double change = tick.path("change_pct").asDouble();
      return new Move(
          tick.path("symbol").asText(),
          tick.path("seq").asInt(),
          Math.round(to / (1 + change / 100) * 100) / 100.0,
          to,
          change);
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%s %s %.2f%% in %d ticks (%.2f -> %.2f)",
          symbol,
          changePct >= 0 ? "up" : "down",
          Math.abs(changePct),
          StockTicks.WINDOW,
          from,
          to);
    }
  }

  private static final Move END = new Move("", -1, 0, 0, 0);

  private final Processor model;
  private final Consumer<Move> beforeRequest;

  /**
   * A commentator asking {@code model}; {@code beforeRequest} runs right before each request (the
   * example scripts the offline fake there).
   */
  Commentator(Processor model, Consumer<Move> beforeRequest) {
    this.model = model;
    this.beforeRequest = beforeRequest;
  }

  /** What the offline fake says about {@code move} (a real model writes its own). */
  static FakeTurn simulatedComment(Move move, Duration wordPace) {
    String text =
        move.changePct() >= 0
            ? String.format(
                Locale.ROOT,
                "[simulated] %s rockets %.1f%% to %.2f in seconds, and the buyers are not done yet!",
                move.symbol(),
                move.changePct(),
                move.to())
            : String.format(
                Locale.ROOT,
                "[simulated] Ouch: %s slides %.1f%% to %.2f, sellers have grabbed the wheel.",
                move.symbol(),
                -move.changePct(),
                move.to());
    FakeTurn.Builder turn = FakeTurn.builder();
    for (String word : text.split("(?<= )")) {
      turn.delay(wordPace).text(word);
    }
    return turn.build();
  }

  static boolean isEvent(ProcessorPart part) {
    return "on".equals(part.metadata().get(EventDetector.EVENT_TO));
  }

  @Override
  public String name() {
    return "commentator";
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    ReentrantLock lock = new ReentrantLock(); // the worker and this thread share the sink
    PartSink sink =
        part -> {
          lock.lock();
          try {
            out.emit(part);
          } finally {
            lock.unlock();
          }
        };
    ArrayBlockingQueue<Move> pending = new ArrayBlockingQueue<>(PENDING);
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread worker =
        Thread.ofVirtual()
            .name("processors:commentator")
            .start(() -> comment(pending, sink, failure));
    try {
      JsonNode lastTick = null;
      for (ProcessorPart part : in) {
        throwIfFailed(failure);
        sink.emit(part);
        if (part.content() instanceof Content.Json json && part.substream().isEmpty()) {
          lastTick = json.node();
        } else if (isEvent(part) && lastTick != null) {
          Move move = Move.of(lastTick);
          while (!pending.offer(move)) {
            pending.poll(); // full: drop the oldest
          }
        }
      }
      // The worker finishes the waiting comments first; it only stops taking them if it failed.
      while (!pending.offer(END, 50, TimeUnit.MILLISECONDS)) {
        if (!worker.isAlive()) {
          break;
        }
      }
      worker.join();
      throwIfFailed(failure);
    } finally {
      worker.interrupt();
      worker.join();
    }
  }

  private void comment(
      ArrayBlockingQueue<Move> pending, PartSink sink, AtomicReference<Exception> failure) {
    try {
      for (Move move = pending.take(); move != END; move = pending.take()) {
        beforeRequest.accept(move);
        List<ProcessorPart> prompt =
            List.of(
                ProcessorPart.text(SYSTEM).withRole(ProcessorPart.SYSTEM),
                ProcessorPart.text(move.describe()));
        try (ProcessorRun run = model.start(prompt)) {
          for (ProcessorPart part : run) {
            if (part.substream().isEmpty()
                && (part.isText() || part.content() instanceof Content.Signal)) {
              sink.emit(part.withSubstream(COMMENT).withMetadata("event_seq", (long) move.seq()));
            }
          }
        }
      }
    } catch (InterruptedException e) {
      // the run is closing
    } catch (RuntimeException e) {
      if (!Thread.currentThread().isInterrupted()) {
        failure.set(e);
      }
    }
  }

  private static void throwIfFailed(AtomicReference<Exception> failure) throws Exception {
    Exception e = failure.get();
    if (e != null) {
      throw e;
    }
  }
}
