package dev.processors.live;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.TaskScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds intents in a model's answer <em>while it streams</em> and starts the matching tool at once,
 * without waiting for the answer to finish: "I'll check the weather in Paris" starts the weather
 * call while the model is still talking.
 *
 * <pre>{@code
 * InflightIntents intents = InflightIntents.builder()
 *     .keyword("schedule_meeting", "schedule a meeting", match -> calendar.openSlots())
 *     .regex("get_weather", Pattern.compile("weather in (\\w+)"), match -> weather.now(match.groups().get(0)))
 *     .build();
 * Processor agent = model.andThen(intents);
 * }</pre>
 *
 * <p><b>Matching.</b> The text of the answer (text parts on the main substream) goes through a
 * sliding window of the last {@code window} characters, so a phrase split across deltas ("sched",
 * "ule a meet", "ing") is found. Keywords match case-insensitively with runs of whitespace treated
 * as one space; regexes and predicates see the window as it is; a model matcher asks a classifier
 * whether the window expresses the intent. Each intent fires at most once per turn; a turn ends at
 * {@code end_of_turn}, {@code generation_complete} or {@code interrupted}.
 *
 * <p><b>Output.</b> The stream passes through unchanged. When an intent fires, a {@link
 * Content.FunctionCall} part (name = intent, arguments {@code {"text":..,"groups":[..]}}, metadata
 * {@code inflight=true}) is emitted right after the delta that completed the match, the tool runs
 * as a task of the run (at most {@code maxConcurrentTools} at once), and its result joins the
 * stream as a {@link Content.FunctionResponse} when it is ready. A tool that throws an exception
 * answers {@code {"error": "..."}} instead; the stream goes on. When the input ends, running tools
 * are awaited.
 *
 * <p><b>Threading.</b> Configuration only; each run keeps its own window. The stage thread passes
 * the stream through and matches; each tool call and each model classification is a task forked on
 * a {@link TaskScope} of the stage (named {@code inflight tool <intent>} / {@code intent classifier
 * <intent>}, made by the run's thread factory; a classification is a nested run with the run's
 * options), and they emit through the stage's {@link PartSink#shared() shared} sink. Closing or
 * cancelling the run cancels running tools and classifiers and waits for them to end.
 */
public final class InflightIntents implements Processor {
  /** Metadata key on the function calls this processor starts. */
  public static final String INFLIGHT = "inflight";

  /** Runs the tool for an intent; its result becomes the function response (written as JSON). */
  @FunctionalInterface
  public interface Tool {
    /**
     * Runs the tool for {@code match} on its own virtual thread and returns its result; an
     * exception becomes an error function response.
     */
    Object call(IntentMatch match) throws Exception;
  }

  interface Matcher2 {
    Optional<IntentMatch> find(String intent, String window);
  }

  record Intent(String name, Matcher2 matcher, Processor classifier, Tool tool) {}

  final List<Intent> intents;
  final int window;
  final int maxConcurrentTools;
  final AtomicLong calls = new AtomicLong();

  private InflightIntents(Builder b) {
    this.intents = List.copyOf(b.intents);
    this.window = b.window;
    this.maxConcurrentTools = b.maxConcurrentTools;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String name() {
    return "inflight" + intents.stream().map(Intent::name).toList();
  }

  @Override
  public void process(PartStream in, PartSink out) throws Exception {
    try (TaskScope tasks = TaskScope.open()) {
      InflightRun run = new InflightRun(this, out.shared(), tasks);
      for (ProcessorPart part : in) {
        run.emit(part);
        if (part.content() instanceof Content.Signal s) {
          switch (s.kind()) {
            case END_OF_TURN, GENERATION_COMPLETE, INTERRUPTED -> run.newTurn();
            default -> {}
          }
        } else if (part.content() instanceof Content.Text t && part.substream().isEmpty()) {
          run.append(t.text());
        }
      }
      tasks.join(); // the tools and classifiers still running, and what they emit
    }
  }

  /** Builds {@link InflightIntents}; each setter validates its argument. */
  public static final class Builder {
    private final List<Intent> intents = new ArrayList<>();
    private int window = 256;
    private int maxConcurrentTools = 4;

    private Builder() {}

    /** Fires when {@code phrase} appears (case-insensitive, any run of whitespace as one space). */
    public Builder keyword(String intent, String phrase, Tool tool) {
      String normalized = normalize(Objects.requireNonNull(phrase, "phrase"));
      if (normalized.isEmpty()) {
        throw new IllegalArgumentException("keyword for '" + intent + "' is blank");
      }
      if (normalized.length() > window) {
        throw new IllegalArgumentException(
            "keyword for '" + intent + "' is longer than the window (" + window + " chars)");
      }
      return add(
          intent,
          (name, view) -> {
            String text = normalize(view);
            int at = text.indexOf(normalized);
            return at < 0
                ? Optional.empty()
                : Optional.of(new IntentMatch(name, phrase, List.of(), view));
          },
          null,
          tool);
    }

    /** Fires when {@code pattern} is found in the window; its groups are passed to the tool. */
    public Builder regex(String intent, Pattern pattern, Tool tool) {
      Objects.requireNonNull(pattern, "pattern");
      return add(
          intent,
          (name, view) -> {
            Matcher m = pattern.matcher(view);
            if (!m.find()) {
              return Optional.empty();
            }
            List<String> groups = new ArrayList<>();
            for (int i = 1; i <= m.groupCount(); i++) {
              groups.add(m.group(i) == null ? "" : m.group(i));
            }
            return Optional.of(new IntentMatch(name, m.group(), groups, view));
          },
          null,
          tool);
    }

    /** Fires when {@code test} accepts the window. */
    public Builder predicate(String intent, Predicate<String> test, Tool tool) {
      Objects.requireNonNull(test, "test");
      return add(
          intent,
          (name, view) ->
              test.test(view)
                  ? Optional.of(new IntentMatch(name, view, List.of(), view))
                  : Optional.empty(),
          null,
          tool);
    }

    /**
     * Fires when {@code classifier} answers "yes" to whether the window expresses the intent; it
     * runs in the background, one classification per intent at a time.
     */
    public Builder model(String intent, Processor classifier, Tool tool) {
      return add(intent, null, Objects.requireNonNull(classifier, "classifier"), tool);
    }

    /** The sliding window in characters (default 256). */
    public Builder window(int chars) {
      if (chars < 8) {
        throw new IllegalArgumentException("window must be at least 8 characters, got " + chars);
      }
      this.window = chars;
      return this;
    }

    /** The most tools running at once (default 4). */
    public Builder maxConcurrentTools(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrentTools must be at least 1, got " + n);
      }
      this.maxConcurrentTools = n;
      return this;
    }

    /** The processor. */
    public InflightIntents build() {
      if (intents.isEmpty()) {
        throw new IllegalStateException("InflightIntents needs at least one intent");
      }
      return new InflightIntents(this);
    }

    private Builder add(String intent, Matcher2 matcher, Processor classifier, Tool tool) {
      if (Objects.requireNonNull(intent, "intent").isBlank()) {
        throw new IllegalArgumentException("intent name is blank");
      }
      if (intents.stream().anyMatch(i -> i.name().equals(intent))) {
        throw new IllegalArgumentException("intent '" + intent + "' is declared twice");
      }
      intents.add(new Intent(intent, matcher, classifier, Objects.requireNonNull(tool, "tool")));
      return this;
    }

    private static String normalize(String s) {
      return s.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
    }
  }
}
