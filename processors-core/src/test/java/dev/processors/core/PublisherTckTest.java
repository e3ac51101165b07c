package dev.processors.core;

import java.util.Iterator;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/** The official Reactive Streams TCK against {@link Processors#toPublisher} (run by TestNG). */
public class PublisherTckTest extends FlowPublisherVerification<ProcessorPart> {

  public PublisherTckTest() {
    // 5 s for a signal that must come: the TCK's 500 ms missed a subscription once on a 2-core
    // machine under load 15. A passing test never waits it out; 100 ms for "no signal" stays.
    super(new TestEnvironment(5_000, 100));
  }

  @Override
  public Flow.Publisher<ProcessorPart> createFlowPublisher(long elements) {
    Iterable<ProcessorPart> input =
        () ->
            new Iterator<>() {
              long left = elements;

              @Override
              public boolean hasNext() {
                return left > 0;
              }

              @Override
              public ProcessorPart next() {
                left--;
                return ProcessorPart.text("p");
              }
            };
    return Processors.toPublisher(Processors.passThrough().asProcessor(), input);
  }

  @Override
  public Flow.Publisher<ProcessorPart> createFailedFlowPublisher() {
    Processor failing =
        (in, out) -> {
          throw new IllegalStateException("failed publisher");
        };
    return Processors.toPublisher(failing, java.util.List.of());
  }

  @Override
  public long maxElementsFromPublisher() {
    return Long.MAX_VALUE - 1;
  }
}
