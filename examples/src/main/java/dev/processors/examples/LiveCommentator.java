package dev.processors.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.live.Detector;
import dev.processors.live.EventDetector;
import dev.processors.metrics.LiveConsole;
import dev.processors.metrics.RealTimeMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An event-driven commentator on a live data stream. Simulated stock ticks arrive at a steady pace
 * ({@link StockTicks}); an {@link EventDetector} watches the 5-tick move with a scored detector and
 * debounces it three ways: hysteresis (a move starts at 1.2% and ends only below 0.45%), two ticks
 * in a row to confirm, and at most one event per {@code minInterval}. Each event goes to a model
 * ({@link Commentator}), whose one-line comment is printed while the ticks keep flowing.
 *
 * <p>Offline the comments come from a fake OpenAI server (marked {@code [simulated]}); with an API
 * key, from the real model. The live metrics line shows the detector and the model's time to first
 * token.
 */
public final class LiveCommentator {
  static final String SYMBOL = "ACME";
  static final String EVENT = "event";

  /**
   * The pace of a run.
   *
   * @param ticks how many ticks the feed sends
   * @param tickInterval time between ticks
   * @param minInterval least time between two move events
   * @param wordPace pause before each word of a simulated comment
   * @param consoleEvery how often the metrics line prints ({@link Duration#ZERO}: never)
   */
  record Timing(
      int ticks,
      Duration tickInterval,
      Duration minInterval,
      Duration wordPace,
      Duration consoleEvery) {
    static final Timing NATURAL =
        new Timing(
            66,
            Duration.ofMillis(250),
            Duration.ofSeconds(5),
            Duration.ofMillis(60),
            Duration.ofSeconds(4));
  }

  /** What a printed line reports. */
  enum Kind {
    TICK,
    EVENT,
    CALM,
    COMMENT
  }

  /** One thing the run reported, at {@code millis} since the start on the example's clock. */
  record Report(long millis, Kind kind, String text) {}

  private final Clock clock;
  private final Timing timing;
  private final EventDetector events;
  private final RealTimeMetrics metrics;
  private final Processor pipeline;

  private LiveCommentator(ExampleModel models, Clock clock, Timing timing) {
    this.clock = clock;
    this.timing = timing;
    this.metrics = RealTimeMetrics.create(clock);
    this.events =
        EventDetector.builder()
            .detector(
                "move",
                Detector.scored(LiveCommentator::moveScore, 0.8, 0.3),
                p -> p.content() instanceof Content.Json)
            .onTransition("move", "*", "on", ProcessorPart.text("big move").withSubstream(EVENT))
            .onTransition("move", "on", "off", ProcessorPart.text("calm").withSubstream(EVENT))
            .confirmations(2)
            .minInterval("on", timing.minInterval())
            .maxConcurrentDetections(1) // one tick at a time, in order
            .clock(clock)
            .build();
    Processor model = metrics.wrap("llm", models.model(ExampleModel.Settings.instruction("")));
    Commentator commentator =
        new Commentator(
            model, move -> models.simulate(Commentator.simulatedComment(move, timing.wordPace())));
    this.pipeline = metrics.wrap("events", events).andThen(commentator);
  }

  /** A commentator on a feed of {@code timing.ticks()} ticks paced on {@code clock}. */
  static LiveCommentator create(ExampleModel models, Clock clock, Timing timing) {
    return new LiveCommentator(models, clock, timing);
  }

  /** The event detector, for its counters. */
  EventDetector events() {
    return events;
  }

  /** How big a tick's 5-tick move is: 1 at a 1.5% move or more. */
  static double moveScore(ProcessorPart tick) {
    double change = ((Content.Json) tick.content()).node().path("change_pct").asDouble();
    return Math.min(1, Math.abs(change) / 1.5);
  }

  /** Runs the feed through the pipeline, printing as it goes; returns what it printed. */
  List<Report> run(PrintStream out) {
    Printer printer = new Printer(out, clock);
    StockTicks feed = StockTicks.of(SYMBOL, timing.ticks(), timing.tickInterval(), clock);
    StringBuilder comment = new StringBuilder();
    Map<Long, Long> eventTimes = new HashMap<>(); // by the seq of the tick the event followed
    long lastSeq = -1;
    long firstWords = 0;
    try (LiveConsole console = console(printer);
        ProcessorRun run = pipeline.start(feed)) {
      for (ProcessorPart part : run) {
        if (part.substream().equals(Commentator.COMMENT)) {
          if (part.content() instanceof Content.Text t) {
            firstWords = comment.isEmpty() ? clock.nanoTime() : firstWords;
            comment.append(t.text());
          } else if (part.isSignal(SignalKind.GENERATION_COMPLETE)) {
            Long eventAt = eventTimes.remove(part.metadataLong("event_seq").orElse(-1L));
            printer.report(
                Kind.COMMENT,
                comment.toString().strip(),
                eventAt == null ? "" : commentTiming(eventAt, firstWords, clock.nanoTime()));
            comment.setLength(0);
          }
        } else if (part.substream().equals(EVENT)) {
          boolean on = Commentator.isEvent(part);
          if (on) {
            eventTimes.put(lastSeq, clock.nanoTime());
          }
          printer.report(
              on ? Kind.EVENT : Kind.CALM,
              on ? "big move: " + printer.lastMove() : "the move is over",
              "");
        } else if (part.content() instanceof Content.Json tick) {
          lastSeq = tick.node().path("seq").asLong();
          printer.tick(tick.node());
        }
      }
    } finally {
      printer.endLine(); // an error message then starts on a line of its own
    }
    List<Report> reports = printer.reports();
    printer.report(
        null,
        String.format(
            Locale.ROOT,
            "done: %d ticks, %d move events, %d comments; %d confirmed detections of a move were"
                + " debounced (within %d s of the previous event)",
            timing.ticks(),
            reports.stream().filter(r -> r.kind() == Kind.EVENT).count(),
            reports.stream().filter(r -> r.kind() == Kind.COMMENT).count(),
            events.stats().debounced(),
            timing.minInterval().toSeconds()),
        "");
    return reports;
  }

  /** When the comment's first and last words came, after its event. */
  private static String commentTiming(long eventAt, long firstWords, long now) {
    return String.format(
        Locale.ROOT,
        " (first words %d ms, last %d ms after the event)",
        (firstWords - eventAt) / 1_000_000,
        (now - eventAt) / 1_000_000);
  }

  private LiveConsole console(Printer printer) {
    if (timing.consoleEvery().isZero()) {
      return null;
    }
    return LiveConsole.start(
        metrics, line -> printer.report(null, "metrics " + line, ""), timing.consoleEvery());
  }

  /**
   * Prints ticks ten to a line and reports on lines of their own; shared with the metrics thread.
   */
  private static final class Printer {
    private final ReentrantLock lock = new ReentrantLock();
    private final PrintStream out;
    private final Clock clock;
    private final long start;
    private final List<Report> reports = new ArrayList<>();
    private int ticksOnLine;
    private String lastMove = "";

    Printer(PrintStream out, Clock clock) {
      this.out = out;
      this.clock = clock;
      this.start = clock.nanoTime();
    }

    void tick(JsonNode tick) {
      lock.lock();
      try {
        long ms = millis();
        if (ticksOnLine == 0) {
          out.printf(Locale.ROOT, "[%6.2fs] %s", ms / 1000.0, tick.path("symbol").asText());
        }
        out.printf(Locale.ROOT, " %.2f", tick.path("price").asDouble());
        out.flush();
        if (++ticksOnLine == 10) {
          out.println();
          ticksOnLine = 0;
        }
        lastMove = Commentator.Move.of(tick).describe();
        reports.add(new Report(ms, Kind.TICK, tick.toString()));
      } finally {
        lock.unlock();
      }
    }

    /** Prints a line of its own; {@code kind} null: printed but not reported. */
    void report(Kind kind, String text, String suffix) {
      lock.lock();
      try {
        long ms = millis();
        endLine();
        String label = kind == null ? "" : kind == Kind.COMMENT ? "COMMENT " : "EVENT   ";
        out.printf(Locale.ROOT, "[%6.2fs] %s%s%s%n", ms / 1000.0, label, text, suffix);
        if (kind != null) {
          reports.add(new Report(ms, kind, text));
        }
      } finally {
        lock.unlock();
      }
    }

    void endLine() {
      lock.lock();
      try {
        if (ticksOnLine > 0) {
          out.println();
          ticksOnLine = 0;
        }
      } finally {
        lock.unlock();
      }
    }

    String lastMove() {
      lock.lock();
      try {
        return lastMove;
      } finally {
        lock.unlock();
      }
    }

    List<Report> reports() {
      lock.lock();
      try {
        return List.copyOf(reports);
      } finally {
        lock.unlock();
      }
    }

    private long millis() {
      return (clock.nanoTime() - start) / 1_000_000;
    }
  }

  static void main(String[] args) {
    try (ExampleModel models = ExampleModel.fromEnvironment()) {
      try {
        Timing s = Timing.NATURAL;
        System.out.printf(
            "live-commentator: %s ticks every %d ms; a model comments on big moves (%d s run)%n",
            SYMBOL, s.tickInterval().toMillis(), s.ticks() * s.tickInterval().toMillis() / 1000);
        System.out.println("model: " + models.description());
        System.out.printf(
            "detector: a 5-tick move >= 1.2%% starts an event, <= 0.45%% ends it (hysteresis),"
                + " 2 ticks in a row confirm, at most one event per %d s%n",
            s.minInterval().toSeconds());
        create(models, Clock.system(), s).run(System.out);
      } catch (RuntimeException e) {
        throw models.explain(e);
      }
    }
  }
}
