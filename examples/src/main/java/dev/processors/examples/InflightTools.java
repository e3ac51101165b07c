package dev.processors.examples;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.live.InflightIntents;
import dev.processors.live.IntentMatch;
import dev.processors.testkit.FakeTurn;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Tools that start while the answer is still streaming. The model's answer goes through {@link
 * InflightIntents}: when it says "schedule a meeting" or "the weather in Lisbon", the matching tool
 * starts at once, as a task of the run, and its result joins the stream while the model is still
 * talking. The example prints a timeline in milliseconds since the question was sent: each text
 * delta, each tool starting and each result arriving.
 *
 * <p>Offline, a fake OpenAI server streams a scripted answer word by word (marked {@code
 * [simulated]}), and the calendar and weather tools are simulated too; with an API key the same
 * pipeline runs against the real model.
 */
public final class InflightTools {
  static final String QUESTION =
      "Set up a meeting with Dana on Thursday, and tell me whether I need an umbrella in Lisbon.";

  static final String SYSTEM =
      "You are a helpful assistant who acts while talking. When you arrange a meeting, say exactly"
          + " 'I'll schedule a meeting'. When weather matters, say 'check the weather in <City>'"
          + " with the city's name. Then keep talking for two or three sentences.";

  static final String SIMULATED_ANSWER =
      "[simulated] Sure! I'll schedule a meeting with Dana for Thursday at 10:00, and meanwhile"
          + " I'll check the weather in Lisbon for that morning. Dana prefers early slots, so 10:00"
          + " should suit her well. If it does rain, the metro is quicker than a taxi from the"
          + " office. I'll confirm both as soon as the results are in.";

  /**
   * How fast the offline answer streams and how long the simulated tools take.
   *
   * @param wordPace the pause before each word of the simulated answer
   * @param toolLatency how long each simulated tool works before answering
   */
  record Pace(Duration wordPace, Duration toolLatency) {
    static final Pace NATURAL = new Pace(Duration.ofMillis(70), Duration.ofMillis(400));
  }

  /** What happened, in order. */
  enum Kind {
    DELTA,
    TOOL_STARTED,
    TOOL_RESULT,
    ANSWER_COMPLETE
  }

  /** One line of the timeline. */
  record Entry(long millis, Kind kind, String name, String detail) {}

  /** What the simulated calendar answers. */
  record Booking(String booked, String source) {}

  /** What the simulated weather service answers. */
  record Forecast(String city, String forecast, String source) {}

  private InflightTools() {}

  /** The intents: a keyword for meetings, a regex for the weather (its group is the city). */
  static InflightIntents intents(Clock clock, Duration toolLatency) {
    return InflightIntents.builder()
        .keyword(
            "schedule_meeting",
            "schedule a meeting",
            match -> {
              clock.sleep(toolLatency); // a calendar service at work
              return new Booking("Thursday 10:00 with Dana", "[simulated calendar]");
            })
        // The lookahead waits for the word to end, so "Lis" + "bon" split across deltas is whole.
        .regex(
            "get_weather",
            Pattern.compile("weather in ([A-Z]\\p{L}+)(?=\\P{L})"),
            (IntentMatch match) -> {
              clock.sleep(toolLatency);
              return new Forecast(match.groups().get(0), "showers, 16 C", "[simulated weather]");
            })
        .build();
  }

  /** The answer, streamed word by word with a pause before each word. */
  static FakeTurn simulatedAnswer(Duration wordPace) {
    FakeTurn.Builder turn = FakeTurn.builder();
    String[] words = SIMULATED_ANSWER.split(" ");
    for (int i = 0; i < words.length; i++) {
      turn.delay(wordPace).text(i == 0 ? words[i] : " " + words[i]);
    }
    return turn.build();
  }

  /** Asks the question, prints the timeline as it happens and returns it. */
  static List<Entry> run(ExampleModel models, Pace pace, Clock clock, PrintStream out) {
    Processor agent =
        models
            .model(ExampleModel.Settings.instruction(SYSTEM))
            .andThen(intents(clock, pace.toolLatency()));
    models.simulate(simulatedAnswer(pace.wordPace()));
    out.println("question: " + QUESTION);
    out.println("(ms since the question was sent; a fresh JVM's first call also loads the SDK)");
    out.println(String.format("%9s  %s", "time", "what"));
    List<Entry> timeline = new ArrayList<>();
    long start = clock.nanoTime();
    try (ProcessorRun run = agent.start(List.of(ProcessorPart.text(QUESTION)))) {
      for (ProcessorPart part : run) {
        long ms = (clock.nanoTime() - start) / 1_000_000;
        Entry entry =
            switch (part.content()) {
              case Content.Text t when part.substream().isEmpty() ->
                  new Entry(ms, Kind.DELTA, "", t.text());
              case Content.FunctionCall c ->
                  new Entry(
                      ms,
                      Kind.TOOL_STARTED,
                      c.name(),
                      "heard \"" + c.argumentsNode().path("text").asText() + "\"");
              case Content.FunctionResponse r ->
                  new Entry(ms, Kind.TOOL_RESULT, r.name(), r.response());
              case Content.Signal s when s.kind() == SignalKind.GENERATION_COMPLETE ->
                  new Entry(ms, Kind.ANSWER_COMPLETE, "", "");
              default -> null;
            };
        if (entry != null) {
          timeline.add(entry);
          out.println(format(entry));
        }
      }
    }
    out.println(summary(timeline));
    return timeline;
  }

  static String format(Entry e) {
    String what =
        switch (e.kind()) {
          case DELTA -> "text   \"" + e.detail().replace("\n", "\\n") + "\"";
          case TOOL_STARTED -> ">> tool " + e.name() + " starts (" + e.detail() + ")";
          case TOOL_RESULT -> "<< tool " + e.name() + " result " + e.detail();
          case ANSWER_COMPLETE -> "== answer complete";
        };
    return String.format("%6d ms  %s", e.millis(), what);
  }

  /** How much earlier than the end of the answer each tool started and answered. */
  static String summary(List<Entry> timeline) {
    long end =
        timeline.stream()
            .filter(e -> e.kind() == Kind.ANSWER_COMPLETE)
            .mapToLong(Entry::millis)
            .findFirst()
            .orElse(-1);
    StringBuilder sb = new StringBuilder();
    for (Entry e : timeline) {
      if (e.kind() == Kind.TOOL_RESULT && end >= 0) {
        long lead = end - e.millis();
        sb.append(
            String.format(
                "%n  %s answered %d ms %s the answer ended",
                e.name(), Math.abs(lead), lead >= 0 ? "before" : "after"));
      }
    }
    return sb.isEmpty() ? "no tool was triggered" : "summary:" + sb;
  }

  static void main(String[] args) {
    try (ExampleModel models = ExampleModel.fromEnvironment()) {
      try {
        System.out.println("inflight-tools: tools start while the answer streams");
        System.out.println("model: " + models.description());
        run(models, Pace.NATURAL, Clock.system(), System.out);
      } catch (RuntimeException e) {
        throw models.explain(e);
      }
    }
  }
}
