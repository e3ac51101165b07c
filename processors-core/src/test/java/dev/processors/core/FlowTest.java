package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FlowTest {

  @Test
  void publisherDeliversARunWithBackpressure() throws Exception {
    Flow.Publisher<ProcessorPart> publisher =
        Processors.toPublisher(
            Processors.mapText(String::toUpperCase).asProcessor(), texts("a", "b", "c"));
    List<String> got = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    AtomicReference<Flow.Subscription> sub = new AtomicReference<>();
    publisher.subscribe(
        new Flow.Subscriber<>() {
          @Override
          public void onSubscribe(Flow.Subscription s) {
            sub.set(s);
            s.request(1);
          }

          @Override
          public void onNext(ProcessorPart item) {
            got.add(item.text().orElseThrow());
            sub.get().request(1);
          }

          @Override
          public void onError(Throwable t) {
            done.countDown();
          }

          @Override
          public void onComplete() {
            done.countDown();
          }
        });
    assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
    assertThat(got).containsExactly("A", "B", "C");
  }

  @Test
  void aPublisherCanFeedARun() {
    try (SubmissionPublisher<ProcessorPart> publisher = new SubmissionPublisher<>()) {
      PartStream input = Processors.fromPublisher(publisher);
      Thread.ofVirtual()
          .start(
              () -> {
                for (int i = 0; i < 1000; i++) {
                  publisher.submit(ProcessorPart.text("n" + i));
                }
                publisher.close();
              });
      List<ProcessorPart> out = Processors.passThrough().apply(input.toList());
      assertThat(out).hasSize(1000);
      assertThat(textsOf(out).get(999)).isEqualTo("n999");
    }
  }

  @Test
  void aPublishersErrorFailsTheRun() {
    try (SubmissionPublisher<ProcessorPart> publisher = new SubmissionPublisher<>()) {
      PartStream input = Processors.fromPublisher(publisher);
      publisher.closeExceptionally(new IllegalStateException("upstream broke"));
      try (ProcessorRun run = Processors.passThrough().start(input)) {
        assertThatThrownBy(run::toList).hasMessageContaining("upstream broke");
      }
    }
  }

  /** A publisher driven by hand from the test: it records requests and cancellation. */
  private static final class HandPublisher implements Flow.Publisher<ProcessorPart> {
    volatile Flow.Subscriber<? super ProcessorPart> subscriber;
    final AtomicLong requested = new AtomicLong();
    final AtomicInteger cancels = new AtomicInteger();

    @Override
    public void subscribe(Flow.Subscriber<? super ProcessorPart> s) {
      subscriber = s;
      s.onSubscribe(
          new Flow.Subscription() {
            @Override
            public void request(long n) {
              requested.addAndGet(n);
            }

            @Override
            public void cancel() {
              cancels.incrementAndGet();
            }
          });
    }
  }

  private static Thread startWaitingReader(PartStream input, AtomicReference<Object> result) {
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    result.set(input.hasNext());
                  } catch (RuntimeException e) {
                    result.set(e);
                  }
                });
    while (reader.getState() != Thread.State.WAITING && reader.isAlive()) {
      Thread.onSpinWait();
    }
    return reader;
  }

  @Test
  void aReaderWaitingOnAPublisherSeesItsCompletionAndAnotherThreadCanThenCloseIt()
      throws Exception {
    HandPublisher publisher = new HandPublisher();
    PartStream input = Processors.fromPublisher(publisher);
    AtomicReference<Object> result = new AtomicReference<>();
    Thread reader = startWaitingReader(input, result);
    Thread.ofVirtual().start(publisher.subscriber::onComplete).join();
    reader.join();
    assertThat(result.get()).isEqualTo(false);
    Thread.ofVirtual().start(() -> ClosableStream.closeIfClosable(input)).join();
    assertThat(publisher.cancels).hasValue(1);
  }

  @Test
  void aReaderWaitingOnAPublisherGetsItsErrorAndAnotherThreadCanThenCloseIt() throws Exception {
    HandPublisher publisher = new HandPublisher();
    PartStream input = Processors.fromPublisher(publisher);
    AtomicReference<Object> result = new AtomicReference<>();
    Thread reader = startWaitingReader(input, result);
    Thread.ofVirtual()
        .start(() -> publisher.subscriber.onError(new IllegalStateException("upstream broke")))
        .join();
    reader.join();
    assertThat(result.get())
        .isInstanceOf(ProcessorException.class)
        .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.THROWABLE)
        .hasRootCauseMessage("upstream broke");
    Thread.ofVirtual().start(() -> ClosableStream.closeIfClosable(input)).join();
    assertThat(publisher.cancels).hasValue(1);
  }

  @Test
  void aPartThePublisherSendsAfterTheReaderClosedTheStreamDoesNotBlockIt() throws Exception {
    HandPublisher publisher = new HandPublisher();
    PartStream input = Processors.fromPublisher(publisher);
    assertThat(publisher.requested.get()).as("the buffer's worth is requested").isPositive();
    ClosableStream.closeIfClosable(input);
    ClosableStream.closeIfClosable(input);
    assertThat(publisher.cancels).as("cancelled once").hasValue(1);
    Thread late =
        Thread.ofVirtual()
            .start(
                () -> {
                  publisher.subscriber.onNext(ProcessorPart.text("in flight"));
                  publisher.subscriber.onComplete();
                });
    assertThat(late.join(java.time.Duration.ofSeconds(30))).isTrue();
  }
}
