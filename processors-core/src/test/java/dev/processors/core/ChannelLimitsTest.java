package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounds and endings of the channels that a user reaches through runs and queues. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelLimitsTest {

  @Test
  void closingARunWhoseStageEmitsOnlyStatusPartsReturnsAndEndsTheStage() throws Exception {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    Processor chatty =
        (in, out) -> {
          for (long i = 0; ; i++) {
            out.emit(ProcessorPart.status("working " + i)); // never blocks on the data lane
          }
        };
    Processor pipeline = chatty.andThen((in, out) -> in.forEachRemaining(out::emit));
    ProcessorRun run = pipeline.start(TestProcessors.texts("x"), threads.options());
    Iterator<ProcessorPart> it = run.iterator();
    for (int i = 0; i < 5_000; i++) {
      assertThat(it.next().substream()).isEqualTo(ProcessorPart.STATUS);
    }
    run.close(); // hung forever before: the status put returned quietly once the reader left
    assertThat(threads.alive.get()).isZero();
  }

  @Test
  void aPartQueueBoundsControlSignalsToo() throws Exception {
    PartQueue queue = PartQueue.create(4);
    int accepted = 0;
    while (queue.offer(ProcessorPart.signal(SignalKind.START_OF_SPEECH)) && accepted < 1_000_000) {
      accepted++;
    }
    assertThat(accepted).isEqualTo(LockChannel.MIN_PRIORITY_CAPACITY);
    // A blocking put of one more signal waits until the reader takes one.
    ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor();
    try {
      CountDownLatch putting = new CountDownLatch(1);
      Future<?> blocked =
          writer.submit(
              () -> {
                putting.countDown();
                queue.put(ProcessorPart.signal(SignalKind.END_OF_SPEECH));
                return null;
              });
      putting.await();
      Iterator<ProcessorPart> reader = queue.iterator();
      assertThat(reader.next().content()).isInstanceOf(Content.Signal.class);
      blocked.get(30, TimeUnit.SECONDS);
      assertThat(queue.size()).isEqualTo(LockChannel.MIN_PRIORITY_CAPACITY);
    } finally {
      writer.shutdownNow();
    }
  }

  @Test
  void writingToAQueueWhoseRunStoppedReadingFailsClearly() {
    PartQueue queue = PartQueue.create(4);
    Processor firstOnly =
        (in, out) -> {
          out.emit(in.next());
        };
    try (ProcessorRun run = firstOnly.start(queue)) {
      queue.putText("one");
      assertThat(run.toList()).hasSize(1);
    }
    assertThatThrownBy(() -> queue.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH)))
        .isInstanceOf(CancellationException.class);
  }
}
