package dev.processors.live;

import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
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
 * on its own virtual thread (at most {@code maxConcurrentTools} at once), and its result joins the
 * stream as a {@link Content.FunctionResponse} when it is ready. A tool that throws answers {@code
 * {"error": "..."}} instead; the stream goes on. When the input ends, running tools are awaited.
 *
 * <p><b>Threading.</b> Configuration only; each run keeps its own window. Closing the run
 * interrupts running tools and classifiers.
 */
public final class InflightIntents implements Processor {
  /** Metadata key on the function calls this processor starts. */
  public static final String INFLIGHT = "inflight";

  /** Runs the tool for an intent; its result becomes the function response (written as JSON). */
  @FunctionalInterface
  public interface Tool {
    Object call(IntentMatch match) throws Exception;
  }

  private interface Matcher2 {
    Optional<IntentMatch> find(String intent, String window);
  }

  private record Intent(String name, Matcher2 matcher, Processor classifier, Tool tool) {}

  private final List<Intent> intents;
  private final int window;
  private final int maxConcurrentTools;
  private final AtomicLong calls = new AtomicLong();

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
    Run run = new Run(out);
    try {
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
      run.awaitTools();
    } finally {
      run.close();
    }
  }

  private final class Run {
    private final ReentrantLock lock = new ReentrantLock();
    private final PartSink out;
    private final StringBuilder buffer = new StringBuilder();
    private final Map<String, Boolean> fired = new LinkedHashMap<>();
    private final Map<String, Boolean> classifying = new LinkedHashMap<>();
    private final Semaphore permits = new Semaphore(maxConcurrentTools);
    private final List<Thread> threads = new ArrayList<>();
    private long turn;

    Run(PartSink out) {
      this.out = out;
    }

    void emit(ProcessorPart part) {
      lock.lock();
      try {
        out.emit(part);
      } finally {
        lock.unlock();
      }
    }

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

    void append(String delta) {
      String view;
      long t;
      lock.lock();
      try {
        buffer.append(delta);
        if (buffer.length() > window) {
          buffer.delete(0, buffer.length() - window);
        }
        view = buffer.toString();
        t = turn;
      } finally {
        lock.unlock();
      }
      for (Intent intent : intents) {
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

    /**
     * A model matcher: one classification in flight per intent; newer text waits for the next
     * delta.
     */
    private void classify(Intent intent, String view, long t) {
      lock.lock();
      try {
        if (classifying.containsKey(intent.name())) {
          return;
        }
        classifying.put(intent.name(), true);
        threads.add(
            Thread.ofVirtual()
                .name("processors:intent classifier " + intent.name())
                .start(
                    () -> {
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
                            ProcessorPart.textOf(intent.classifier().apply(prompt))
                                .strip()
                                .toLowerCase(Locale.ROOT)
                                .startsWith("yes");
                      } catch (RuntimeException e) {
                        emit(
                            ProcessorPart.debug(
                                "intent classifier '"
                                    + intent.name()
                                    + "' failed: "
                                    + e.getMessage()));
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
                    }));
      } finally {
        lock.unlock();
      }
    }

    private void fire(Intent intent, IntentMatch match, long t) {
      String id = "inflight-" + calls.incrementAndGet();
      lock.lock();
      try {
        if (turn != t || fired.containsKey(intent.name())) {
          return;
        }
        fired.put(intent.name(), true);
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("text", match.text());
        args.put("groups", match.groups());
        out.emit(ProcessorPart.functionCall(id, intent.name(), args).withMetadata(INFLIGHT, true));
        threads.add(
            Thread.ofVirtual()
                .name("processors:inflight tool " + intent.name())
                .start(() -> runTool(intent, match, id)));
      } finally {
        lock.unlock();
      }
    }

    private void runTool(Intent intent, IntentMatch match, String id) {
      Object result;
      try {
        permits.acquire();
      } catch (InterruptedException e) {
        return;
      }
      try {
        result = intent.tool().call(match);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        result =
            Map.of(
                "error",
                e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      } finally {
        permits.release();
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
      emit(response.withMetadata(INFLIGHT, true));
    }

    void awaitTools() throws InterruptedException {
      for (Thread t : snapshot()) {
        t.join();
      }
    }

    private List<Thread> snapshot() {
      lock.lock();
      try {
        return new ArrayList<>(threads);
      } finally {
        lock.unlock();
      }
    }

    void close() throws InterruptedException {
      List<Thread> running = snapshot();
      for (Thread t : running) {
        t.interrupt();
      }
      for (Thread t : running) {
        t.join();
      }
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
