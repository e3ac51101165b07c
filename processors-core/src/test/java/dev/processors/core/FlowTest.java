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
}
