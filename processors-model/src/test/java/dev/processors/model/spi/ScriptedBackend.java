package dev.processors.model.spi;

import dev.processors.core.ProcessorPart;
import dev.processors.model.ModelException;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * A provider adapter without a wire: each call of {@link #stream} plays the next scripted attempt
 * into the generation's output, as a provider's event reader would, and may fail as its SDK would.
 * The request is the conversation's text; its description (the cache key) is that text as JSON.
 */
final class ScriptedBackend implements ModelBackend<String> {
  /** One attempt: what the provider streams, and how it fails, if it does. */
  interface Attempt {
    void play(GenerationOutput out, HttpCallControl call) throws Exception;
  }

  private final Deque<Attempt> attempts = new ConcurrentLinkedDeque<>();
  private final List<String> streamed = new CopyOnWriteArrayList<>();
  private final List<Throwable> classified = new CopyOnWriteArrayList<>();
  private volatile BiFunction<Throwable, HttpCallControl, ModelException> classifier =
      (t, call) -> null;

  ScriptedBackend then(Attempt attempt) {
    attempts.add(attempt);
    return this;
  }

  /** An attempt that streams {@code deltas} and ends normally. */
  static Attempt text(String... deltas) {
    return (out, call) -> {
      for (String d : deltas) {
        out.text(d);
      }
    };
  }

  /** An attempt that streams {@code deltas}, then fails with {@code failure}. */
  static Attempt textThenFail(Throwable failure, String... deltas) {
    return (out, call) -> {
      for (String d : deltas) {
        out.text(d);
      }
      if (failure instanceof Exception e) {
        throw e;
      }
      throw (Error) failure;
    };
  }

  ScriptedBackend classifyWith(BiFunction<Throwable, HttpCallControl, ModelException> c) {
    this.classifier = c;
    return this;
  }

  /** The requests streamed, one per attempt. */
  List<String> streamed() {
    return streamed;
  }

  /** The failures handed to {@link #classify}. */
  List<Throwable> classified() {
    return classified;
  }

  @Override
  public String provider() {
    return "acme";
  }

  @Override
  public String prepare(Conversation conversation) {
    StringBuilder b = new StringBuilder();
    for (Conversation.Turn t : conversation.turns()) {
      for (ProcessorPart p : t.parts()) {
        b.append(t.speaker()).append(": ").append(p.text().orElse("")).append('\n');
      }
    }
    return b.toString();
  }

  @Override
  public String describe(String request) {
    return Json.write(Map.of("prompt", request), "request");
  }

  @Override
  public void stream(String request, GenerationOutput out, HttpCallControl call) throws Exception {
    streamed.add(request);
    Attempt next = attempts.poll();
    if (next == null) {
      throw new AssertionError("no attempt scripted for attempt " + streamed.size());
    }
    next.play(out, call);
  }

  @Override
  public ModelException classify(Throwable error, HttpCallControl call) {
    classified.add(error);
    return classifier.apply(error, call);
  }
}
