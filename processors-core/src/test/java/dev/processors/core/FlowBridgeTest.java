package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The two bridges to {@link Flow}: a run seen as a publisher (demand, cancellation, errors, the
 * Reactive Streams rules a subscriber relies on) and a publisher read as run input (bounded
 * requests, misbehaving publishers, closing).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class FlowBridgeTest {

  /** Records every signal; requests nothing on its own. */
  static class Recorder implements Flow.Subscriber<ProcessorPart> {
    final List<String> items = new CopyOnWriteArrayList<>();
    final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
    final AtomicReference<Throwable> error = new AtomicReference<>();
    final CountDownLatch subscribed = new CountDownLatch(1);
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicBoolean completed = new AtomicBoolean();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.set(s);
      subscribed.countDown();
    }

    @Override
    public void onNext(ProcessorPart item) {
      items.add(item.text().orElseThrow());
    }

    @Override
    public void onError(Throwable t) {
      error.set(t);
      ended.countDown();
    }

    @Override
    public void onComplete() {
      completed.set(true);
      ended.countDown();
    }

    Flow.Subscription awaitSubscription() throws InterruptedException {
      assertThat(subscribed.await(30, TimeUnit.SECONDS)).isTrue();
      return subscription.get();
    }

    void awaitEnd() throws InterruptedException {
      assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
    }
  }

  private static Recorder subscribe(Processor processor, String... inputs) {
    Recorder recorder = new Recorder();
    Processors.toPublisher(processor, texts(inputs)).subscribe(recorder);
    return recorder;
  }

  @Test
  void aSubscriberGetsNoMorePartsThanItRequested() throws Exception {
    Recorder r = subscribe(Processors.passThrough(), "a", "b", "c", "d");
    Flow.Subscription s = r.awaitSubscription();
    s.request(2);
    Thread.sleep(50); // time for a wrong third part to arrive
    assertThat(r.items).containsExactly("a", "b");
    assertThat(r.completed).isFalse();
    s.request(Long.MAX_VALUE);
    s.request(Long.MAX_VALUE); // demand saturates instead of overflowing
    r.awaitEnd();
    assertThat(r.items).containsExactly("a", "b", "c", "d");
    assertThat(r.completed).isTrue();
    assertThat(r.error.get()).isNull();
  }

  @Test
  void anEmptyRunCompletesWithoutAnyDemand() throws Exception {
    Recorder r = subscribe(Processors.passThrough());
    r.awaitEnd();
    assertThat(r.completed).isTrue();
    assertThat(r.items).isEmpty();
  }

  @Test
  void aNonPositiveRequestIsASubscriberErrorUnderRule3_9() throws Exception {
    Recorder r = subscribe(Processors.passThrough(), "a", "b");
    r.awaitSubscription().request(0);
    r.awaitEnd();
    assertThat(r.error.get())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3.9");
    assertThat(r.items).isEmpty();
    assertThat(r.completed).isFalse();
  }

  @Test
  void aFailingProcessorReachesTheSubscriberAsOnError() throws Exception {
    Processor failing =
        (in, out) -> {
          out.emit(in.next());
          throw new IOException("model unreachable");
        };
    Recorder r = subscribe(failing, "a", "b");
    r.awaitSubscription().request(10);
    r.awaitEnd();
    assertThat(r.completed).isFalse();
    assertThat(r.error.get()).hasRootCauseMessage("model unreachable");
  }

  @Test
  void cancellingStopsTheRunAndNothingIsSignalledAfterwards() throws Exception {
    CountDownLatch stopped = new CountDownLatch(1);
    Processor endless =
        (in, out) -> {
          try {
            for (long i = 0; ; i++) {
              out.emitText("n" + i);
            }
          } finally {
            stopped.countDown();
          }
        };
    Recorder r = subscribe(endless, "go");
    Flow.Subscription s = r.awaitSubscription();
    s.request(3);
    while (r.items.size() < 3) {
      Thread.sleep(1);
    }
    s.cancel();
    s.cancel(); // idempotent
    s.request(5); // ignored once cancelled
    assertThat(stopped.await(30, TimeUnit.SECONDS)).as("the run ends").isTrue();
    Thread.sleep(50);
    assertThat(r.items).containsExactly("n0", "n1", "n2");
    assertThat(r.ended.getCount()).as("no onComplete or onError after cancel").isEqualTo(1);
  }

  @Test
  void aSubscriberThatThrowsInOnSubscribeGetsNothingMore() throws Exception {
    AtomicBoolean signalled = new AtomicBoolean();
    CountDownLatch threw = new CountDownLatch(1);
    Processors.toPublisher(Processors.passThrough(), texts("a"))
        .subscribe(
            new Recorder() {
              @Override
              public void onSubscribe(Flow.Subscription s) {
                threw.countDown();
                throw new IllegalStateException("subscriber bug");
              }

              @Override
              public void onNext(ProcessorPart item) {
                signalled.set(true);
              }

              @Override
              public void onComplete() {
                signalled.set(true);
              }
            });
    assertThat(threw.await(30, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50);
    assertThat(signalled).isFalse();
  }

  @Test
  void nullsAreRefusedByName() {
    assertThatThrownBy(() -> Processors.toPublisher(null, texts("a")))
        .hasMessageContaining("processor");
    assertThatThrownBy(() -> Processors.toPublisher(Processors.passThrough(), null))
        .hasMessageContaining("input");
    assertThatThrownBy(
            () -> Processors.toPublisher(Processors.passThrough(), texts()).subscribe(null))
        .hasMessageContaining("subscriber");
    assertThatThrownBy(() -> Processors.fromPublisher(null)).hasMessageContaining("publisher");
    assertThatThrownBy(() -> FlowAdapters.stream(s -> {}, 1)).hasMessageContaining("buffer");
  }

  /** A publisher driven by the test: records requests and cancellation. */
  static final class ManualPublisher implements Flow.Publisher<ProcessorPart> {
    final List<Long> requests = new CopyOnWriteArrayList<>();
    final AtomicBoolean cancelled = new AtomicBoolean();
    Flow.Subscriber<? super ProcessorPart> subscriber;

    @Override
    public void subscribe(Flow.Subscriber<? super ProcessorPart> s) {
      subscriber = s;
      s.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              requests.add(n);
            }

            @Override
            public void cancel() {
              cancelled.set(true);
            }
          });
    }

    void send(String... texts) {
      for (String t : texts) {
        subscriber.onNext(ProcessorPart.text(t));
      }
    }
  }

  @Test
  void aPublisherAsInputIsAskedForTheBufferThenForHalfOfItAtATime() {
    ManualPublisher publisher = new ManualPublisher();
    PartStream in = FlowAdapters.stream(publisher, 4);
    assertThat(publisher.requests).containsExactly(4L);
    publisher.send("a", "b", "c", "d");
    assertThat(in.next().text()).contains("a");
    assertThat(publisher.requests).containsExactly(4L);
    assertThat(in.next().text()).contains("b");
    assertThat(publisher.requests).containsExactly(4L, 2L);
    publisher.send("e", "f");
    publisher.subscriber.onComplete();
    assertThat(TestProcessors.textsOf(in.toList())).containsExactly("c", "d", "e", "f");
    assertThat(in.hasNext()).isFalse();
    assertThatThrownBy(in::next).isInstanceOf(NoSuchElementException.class);
  }

  @Test
  void aPublisherSendingMoreThanRequestedFailsTheInput() {
    ManualPublisher publisher = new ManualPublisher();
    PartStream in = FlowAdapters.stream(publisher, 2);
    publisher.send("a", "b", "c");
    assertThat(in.next().text()).contains("a");
    assertThat(in.next().text()).contains("b");
    assertThatThrownBy(in::hasNext)
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("more parts than requested");
  }

  @Test
  void aSecondSubscriptionIsCancelledAndTheFirstKeepsFeeding() {
    ManualPublisher publisher = new ManualPublisher();
    PartStream in = FlowAdapters.stream(publisher, 2);
    Flow.Subscriber<? super ProcessorPart> input = publisher.subscriber;
    AtomicBoolean secondCancelled = new AtomicBoolean();
    input.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {
            throw new AssertionError("the second subscription must not be asked for parts");
          }

          @Override
          public void cancel() {
            secondCancelled.set(true);
          }
        });
    assertThat(secondCancelled).isTrue();
    publisher.send("a");
    input.onComplete();
    assertThat(TestProcessors.textsOf(in.toList())).containsExactly("a");
    assertThat(publisher.cancelled).isFalse();
  }

  @Test
  void closingTheInputCancelsTheSubscriptionOnce() {
    ManualPublisher publisher = new ManualPublisher();
    PartStream in = FlowAdapters.stream(publisher, 2);
    ((ClosableStream) in).close();
    assertThat(publisher.cancelled).isTrue();
    // A subscription that arrives after the close is cancelled at once.
    AtomicBoolean late = new AtomicBoolean();
    publisher.subscriber.onSubscribe(
        new Flow.Subscription() {
          @Override
          public void request(long n) {}

          @Override
          public void cancel() {
            late.set(true);
          }
        });
    assertThat(late).isTrue();
  }

  @Test
  void aReaderInterruptedWhileWaitingForThePublisherIsCancelledAndUnsubscribes() throws Exception {
    ManualPublisher publisher = new ManualPublisher();
    PartStream in = FlowAdapters.stream(publisher, 2);
    AtomicReference<Throwable> seen = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Consumer<PartStream> read =
        s -> {
          try {
            s.hasNext();
          } catch (CancellationException e) {
            seen.set(e);
            flagKept.set(Thread.currentThread().isInterrupted());
          }
        };
    Thread reader = Thread.ofVirtual().start(() -> read.accept(in));
    Thread.sleep(20);
    reader.interrupt();
    reader.join(30_000);
    assertThat(seen.get()).isInstanceOf(CancellationException.class);
    assertThat(flagKept).isTrue();
    assertThat(publisher.cancelled).isTrue();
  }

  @Test
  void aPublishersNullErrorIsRefused() {
    ManualPublisher publisher = new ManualPublisher();
    FlowAdapters.stream(publisher, 2);
    assertThatThrownBy(() -> publisher.subscriber.onError(null)).hasMessageContaining("error");
    assertThatThrownBy(() -> publisher.subscriber.onNext(null)).hasMessageContaining("part");
  }
}
