package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.testkit.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class)
@Timeout(30)
class TextStreamTest {

  /** What a model processor emits for one generation: deltas amid everything else. */
  private static final Processor MODEL =
      (in, out) -> {
        String question = ProcessorPart.textOf(in.toList());
        out.emit(ProcessorPart.status("thinking about: " + question));
        out.emit(model(ProcessorPart.text("weighing it up").withSubstream("thought")));
        out.emit(model(ProcessorPart.text("It is ")));
        out.emit(
            model(
                ProcessorPart.json("{\"sky\":\"sun\"}")
                    .withSubstream(ModelParts.PARTIAL_SUBSTREAM)));
        out.emit(model(ProcessorPart.text("sunny ")));
        out.emit(model(ProcessorPart.functionCall("c1", "log", "{}")));
        out.emit(ProcessorPart.debug("debug detail"));
        out.emit(model(ProcessorPart.text("in Paris.")));
        out.emit(ProcessorPart.signal(SignalKind.GENERATION_COMPLETE));
      };

  /** A model that streams deltas until its run is cancelled. */
  private static final class EndlessModel implements Processor {
    final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public void process(dev.processors.core.PartStream in, dev.processors.core.PartSink out) {
      try {
        for (int i = 0; ; i++) {
          out.emit(model(ProcessorPart.text("word" + i + " ")));
          out.emit(ProcessorPart.status("still going"));
        }
      } finally {
        ended.countDown();
      }
    }
  }

  private static ProcessorPart model(ProcessorPart part) {
    return part.withRole(ProcessorPart.MODEL);
  }

  @Test
  void aStreamHoldsOnlyTheAnswersTextDeltasInOrder() {
    try (Stream<String> deltas = TextStream.of(MODEL, "Weather in Paris?")) {
      assertThat(deltas).containsExactly("It is ", "sunny ", "in Paris.");
    }
    assertThat(
            TextStream.of(MODEL, List.of(ProcessorPart.text("hi"))).collect(Collectors.joining()))
        .isEqualTo("It is sunny in Paris."); // read to the end without closing: nothing leaks
  }

  @Test
  void closingAStreamReadHalfwayCancelsTheModelsRun() throws Exception {
    EndlessModel endless = new EndlessModel();
    try (Stream<String> deltas = TextStream.of(endless, "Count")) {
      assertThat(deltas.limit(3)).containsExactly("word0 ", "word1 ", "word2 ");
    }
    assertThat(endless.ended.await(5, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aModelFailureIsThrownAsTheModelsOwnTypedException() {
    RateLimitException limited =
        new RateLimitException("openai", "openai: rate limited", 429, Duration.ofSeconds(2), null);
    Processor failing =
        (in, out) -> {
          out.emit(model(ProcessorPart.text("partial ")));
          throw limited;
        };
    assertThatThrownBy(() -> TextStream.of(failing, "hi").toList()).isSameAs(limited);

    Processor broken =
        (in, out) -> {
          throw new IllegalStateException("not a model error");
        };
    assertThatThrownBy(() -> TextStream.of(broken, "hi").toList())
        .isInstanceOf(ProcessorException.class)
        .hasRootCauseInstanceOf(IllegalStateException.class);
  }

  @Test
  void aPublisherDeliversTheDeltasOnDemandAndCompletes() throws Exception {
    Collector subscriber = new Collector(1);
    TextStream.publisher(MODEL, "Weather in Paris?").subscribe(subscriber);
    assertThat(subscriber.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.texts).containsExactly("It is ", "sunny ", "in Paris.");
    assertThat(subscriber.error.get()).isNull();
  }

  @Test
  void cancellingASubscriptionCancelsTheModelsRun() throws Exception {
    EndlessModel endless = new EndlessModel();
    Collector subscriber = new Collector(1);
    subscriber.cancelAfter = 2;
    TextStream.publisher(endless, List.of(ProcessorPart.text("Count"))).subscribe(subscriber);
    assertThat(endless.ended.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.texts).containsExactly("word0 ", "word1 ");
  }

  @Test
  void aPublisherPassesTheModelsTypedErrorToOnError() throws Exception {
    AuthenticationException denied =
        new AuthenticationException("gemini", "gemini: bad key", 401, null, null);
    Processor failing =
        (in, out) -> {
          throw denied;
        };
    Collector subscriber = new Collector(Long.MAX_VALUE);
    TextStream.publisher(failing, "hi").subscribe(subscriber);
    assertThat(subscriber.done.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(subscriber.error.get()).isSameAs(denied);
  }

  @Test
  void nullArgumentsAreRefusedNamingThem() {
    assertThatThrownBy(() -> TextStream.of(null, "hi")).hasMessageContaining("model");
    assertThatThrownBy(() -> TextStream.of(MODEL, (String) null)).hasMessageContaining("prompt");
    assertThatThrownBy(() -> TextStream.publisher(MODEL, "hi").subscribe(null))
        .hasMessageContaining("subscriber");
  }

  /** Requests {@code batch} at a time; cancels after {@code cancelAfter} texts. */
  private static final class Collector implements Flow.Subscriber<String> {
    final List<String> texts = new CopyOnWriteArrayList<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch done = new CountDownLatch(1);
    final long batch;
    int cancelAfter = Integer.MAX_VALUE;
    Flow.Subscription subscription;

    Collector(long batch) {
      this.batch = batch;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(batch);
    }

    @Override
    public void onNext(String text) {
      texts.add(text);
      if (texts.size() >= cancelAfter) {
        subscription.cancel();
        done.countDown();
      } else if (batch != Long.MAX_VALUE) {
        subscription.request(batch);
      }
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      done.countDown();
    }

    @Override
    public void onComplete() {
      done.countDown();
    }
  }
}
