package dev.processors.model;

import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.Processors;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A model's answer as a stream of text deltas, in one line, the way LangChain4j's streaming models
 * and Spring AI's {@code stream().content()} are used:
 *
 * <pre>{@code
 * try (Stream<String> deltas = TextStream.of(model, "Tell me a story")) {
 *   deltas.forEach(System.out::print);
 * }
 * Flow.Publisher<String> publisher = TextStream.publisher(model, "Tell me a story");
 * }</pre>
 *
 * <p><b>What is streamed.</b> The text of the model's {@link Content.Text} parts on the default
 * substream, in order, one element per delta as the provider sent it. Thoughts ({@value
 * ModelParts#THOUGHT_SUBSTREAM}), partial views ({@value ModelParts#PARTIAL_SUBSTREAM}), status and
 * debug parts, function calls, JSON, audio and signals are left out; use the model's run directly
 * ({@code model.start(prompt)}) to see them.
 *
 * <p><b>Lifetime.</b> Each stream (each subscription of a publisher) is one run of the model,
 * started at once (at subscription for a publisher). It ends on its own when the answer is read to
 * the end or fails. Closing the stream (or cancelling the subscription) before that cancels the run
 * and every thread it started: wrap a stream you may leave early in try-with-resources. The
 * publisher is cold and respects demand: it reads from the model only as fast as its subscriber
 * requests, so a slow subscriber holds the model back instead of buffering its answer.
 *
 * <p><b>Threading.</b> A stream is read by one thread and blocks while the next delta is not there;
 * it is sequential (calling {@code parallel()} does nothing useful). A publisher signals its
 * subscriber from one virtual thread per subscription, serially.
 *
 * <p><b>Errors.</b> A model failure is thrown by the stream's terminal operation (or passed to
 * {@code onError}) as the model's own {@link ModelException} (sealed: {@link RateLimitException},
 * {@link AuthenticationException}...), not wrapped; any other failure as the run's {@link
 * ProcessorException} naming the stage. Reading a closed stream throws {@link
 * java.util.concurrent.CancellationException}. A null argument throws {@link NullPointerException}.
 */
public final class TextStream {
  private TextStream() {}

  /** The text deltas of {@code model}'s answer to a user text prompt. */
  public static Stream<String> of(Processor model, String prompt) {
    return of(model, List.of(ProcessorPart.text(Objects.requireNonNull(prompt, "prompt"))));
  }

  /** The text deltas of {@code model}'s answer to {@code prompt} (a conversation, any parts). */
  public static Stream<String> of(Processor model, List<ProcessorPart> prompt) {
    Objects.requireNonNull(model, "model");
    ProcessorRun run = model.start(List.copyOf(prompt));
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(
                new Deltas(run), Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(run::close);
  }

  /** A cold publisher of the text deltas of {@code model}'s answer to a user text prompt. */
  public static Flow.Publisher<String> publisher(Processor model, String prompt) {
    return publisher(model, List.of(ProcessorPart.text(Objects.requireNonNull(prompt, "prompt"))));
  }

  /** A cold publisher of the text deltas of {@code model}'s answer to {@code prompt}. */
  public static Flow.Publisher<String> publisher(Processor model, List<ProcessorPart> prompt) {
    Flow.Publisher<ProcessorPart> parts =
        Processors.toPublisher(Objects.requireNonNull(model, "model"), List.copyOf(prompt));
    return subscriber -> parts.subscribe(new TextSubscriber(subscriber));
  }

  /** True for a part whose text this class streams: a text delta of the answer itself. */
  static boolean isDelta(ProcessorPart part) {
    return part.content() instanceof Content.Text
        && part.substream().isEmpty()
        && !part.isOutOfBand();
  }

  /** The model's own error when that is what failed the run, else the run's error. */
  static RuntimeException typed(ProcessorException failure) {
    for (Throwable c = failure.getCause(); c != null; c = c.getCause()) {
      if (c instanceof ModelException m) {
        return m;
      }
    }
    return failure;
  }

  private static Throwable typed(Throwable failure) {
    return failure instanceof ProcessorException p ? typed(p) : failure;
  }

  /** The run's deltas; closes the run when its output ends or fails. */
  private static final class Deltas implements Iterator<String> {
    private final ProcessorRun run;
    private final Iterator<ProcessorPart> parts;
    private String next;

    Deltas(ProcessorRun run) {
      this.run = run;
      this.parts = run.iterator();
    }

    @Override
    public boolean hasNext() {
      try {
        while (next == null) {
          if (!parts.hasNext()) {
            run.close();
            return false;
          }
          ProcessorPart part = parts.next();
          if (isDelta(part)) {
            next = ((Content.Text) part.content()).text();
          }
        }
        return true;
      } catch (ProcessorException e) {
        run.close();
        throw typed(e);
      }
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException("the model's answer has ended");
      }
      String delta = next;
      next = null;
      return delta;
    }
  }

  /** Passes the deltas on and asks for one more part for each part it leaves out. */
  private static final class TextSubscriber implements Flow.Subscriber<ProcessorPart> {
    private final Flow.Subscriber<? super String> downstream;
    private Flow.Subscription subscription; // signals come serially from one thread

    TextSubscriber(Flow.Subscriber<? super String> downstream) {
      this.downstream = Objects.requireNonNull(downstream, "subscriber");
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      this.subscription = subscription;
      downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(ProcessorPart part) {
      if (isDelta(part)) {
        downstream.onNext(((Content.Text) part.content()).text());
      } else {
        subscription.request(1); // this part used demand that the subscriber gave for text
      }
    }

    @Override
    public void onError(Throwable failure) {
      downstream.onError(typed(failure));
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }
}
