package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How each channel ends: the shared lock channel once all of its producers are done or one failed,
 * the stage-to-stage ring when its run is cancelled.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelEndingsTest {

  @Test
  void aSharedChannelEndsOnlyWhenEveryProducerIsDone() {
    LockChannel channel = new LockChannel(8, 2);
    channel.put(ProcessorPart.text("first"));
    channel.complete();
    assertThat(channel.isClosedForProducers()).isFalse();
    channel.put(ProcessorPart.text("second")); // the other producer still writes
    channel.complete();
    assertThat(channel.isClosedForProducers()).isTrue();
    assertThat(channel.take().text().orElseThrow()).isEqualTo("first");
    assertThat(channel.take().text().orElseThrow()).isEqualTo("second");
    assertThat(channel.take()).isNull();
    channel.complete(); // a late extra complete changes nothing
    assertThat(channel.take()).isNull();
  }

  @Test
  void writingToASharedChannelAfterItsLastProducerIsDoneFailsClearly() {
    LockChannel channel = new LockChannel(8, 1);
    channel.complete();
    assertThatThrownBy(() -> channel.put(ProcessorPart.text("late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> channel.offer(ProcessorPart.text("late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void aFailedChannelDeliversTheQueuedPartsThenTheFirstError() {
    LockChannel channel = new LockChannel(8, 2);
    channel.put(ProcessorPart.text("queued"));
    IOException first = new IOException("first");
    channel.fail(first);
    channel.fail(new IOException("second"));
    assertThat(channel.isClosedForProducers()).isTrue();
    assertThat(channel.take().text().orElseThrow()).isEqualTo("queued");
    assertThatThrownBy(channel::take).isInstanceOf(ProcessorException.class).hasCause(first);
  }

  @Test
  void offerTakesWhatFitsAndRefusesTheRestWithoutBlocking() {
    LockChannel channel = new LockChannel(2, 1);
    assertThat(channel.offer(ProcessorPart.text("a"))).isTrue();
    assertThat(channel.offer(ProcessorPart.text("b"))).isTrue();
    assertThat(channel.offer(ProcessorPart.text("c"))).isFalse();
    assertThat(channel.size()).isEqualTo(2);
    // An interrupt still fits in its own lane and clears the data lane.
    assertThat(channel.offer(ProcessorPart.interrupted())).isTrue();
    assertThat(channel.droppedByInterrupt()).isEqualTo(2);
    assertThat(channel.size()).isEqualTo(1);
    assertThat(channel.offer(ProcessorPart.text("d"))).isTrue();
    channel.consumerDone();
    assertThat(channel.size()).isZero();
    assertThatThrownBy(() -> channel.offer(ProcessorPart.text("e")))
        .isInstanceOf(DownstreamClosedException.class);
  }

  @Test
  void aSharedChannelNeedsAPositiveCapacity() {
    assertThatThrownBy(() -> new LockChannel(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("capacity");
  }

  @Test
  void theRingNeedsAPowerOfTwoCapacityOfAtLeastTwo() {
    Scope scope = Scope.root(RunOptions.defaults(), part -> {});
    for (int bad : new int[] {0, 1, 3, 6, -4}) {
      assertThatThrownBy(() -> new SpscChannel(scope, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("power of two");
    }
    SpscChannel two = new SpscChannel(scope, 2);
    two.put(ProcessorPart.text("a"));
    two.put(ProcessorPart.text("b"));
    two.complete();
    assertThat(two.take().text().orElseThrow()).isEqualTo("a");
    assertThat(two.take().text().orElseThrow()).isEqualTo("b");
    assertThat(two.take()).isNull();
  }

  @Test
  void cancellingTheRunWakesAConsumerWaitingOnTheRing() throws Exception {
    Scope scope = Scope.root(RunOptions.defaults(), part -> {});
    SpscChannel channel = new SpscChannel(scope, 4);
    try (ExecutorService consumer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ProcessorPart> reading = consumer.submit(channel::take);
      Thread.sleep(20);
      scope.cancel();
      channel.wakeConsumer();
      assertThatThrownBy(() -> reading.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CancellationException.class);
    }
  }

  @Test
  void aProducerOfACancelledRunStopsInsteadOfWaitingForRoom() {
    Scope scope = Scope.root(RunOptions.defaults(), part -> {});
    SpscChannel channel = new SpscChannel(scope, 2);
    channel.put(ProcessorPart.text("a"));
    channel.put(ProcessorPart.text("b"));
    assertThat(channel.isProducerWaiting()).isFalse();
    scope.cancel();
    assertThatThrownBy(() -> channel.put(ProcessorPart.text("c")))
        .isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> channel.putOutOfBand(ProcessorPart.status("s")))
        .isInstanceOf(CancellationException.class);
    assertThat(channel.take().text().orElseThrow())
        .as("what is queued can still be read")
        .isEqualTo("a");
  }

  @Test
  void aFailedRunTellsItsWaitersWhy() {
    Scope scope = Scope.root(RunOptions.defaults(), part -> {});
    SpscChannel channel = new SpscChannel(scope, 2);
    scope.fail("model", new IOException("connection reset"));
    assertThatThrownBy(channel::take)
        .isInstanceOf(CancellationException.class)
        .cause()
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("model")
        .hasRootCauseMessage("connection reset");
  }

  @Test
  void aReaderWaitingOnASharedChannelGetsItsFailure() throws Exception {
    LockChannel channel = new LockChannel(8, 2);
    try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ProcessorPart> reading = awaitWaiting(reader, channel::take);
      channel.fail(new IOException("source broke"));
      assertThatThrownBy(() -> reading.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(ProcessorException.class)
          .hasRootCauseMessage("source broke");
    }
  }

  @Test
  void aReaderWaitingOnASharedChannelGetsAPartOfferedLater() throws Exception {
    LockChannel channel = new LockChannel(8, 1);
    try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ProcessorPart> reading = awaitWaiting(reader, channel::take);
      assertThat(channel.offer(ProcessorPart.text("offered"))).isTrue();
      assertThat(reading.get(30, TimeUnit.SECONDS).text()).contains("offered");
    }
  }

  @Test
  void aSharedChannelsStateCanBeReadWhileOtherThreadsKeepUsingIt() throws Exception {
    LockChannel channel = new LockChannel(8, 1);
    channel.put(ProcessorPart.text("a"));
    channel.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH, true));
    assertThat(channel.size()).as("both lanes").isEqualTo(2);
    assertThat(channel.isClosedForProducers()).isFalse();
    assertThat(channel.droppedByInterrupt()).isZero();
    try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
      other
          .submit(
              () -> {
                channel.put(ProcessorPart.text("b"));
                channel.complete();
              })
          .get(30, TimeUnit.SECONDS);
    }
    assertThat(channel.isClosedForProducers()).isTrue();
    try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
      assertThat(
              other
                  .submit(
                      () -> {
                        int n = 0;
                        while (channel.take() != null) {
                          n++;
                        }
                        return n;
                      })
                  .get(30, TimeUnit.SECONDS))
          .isEqualTo(3);
    }
  }

  @Test
  void interruptingAReaderWaitingOnTheRingOfAFailedRunReportsTheFailure() throws Exception {
    Scope scope = Scope.root(RunOptions.defaults(), part -> {});
    SpscChannel channel = new SpscChannel(scope, 4);
    AtomicReference<Thread> readerThread = new AtomicReference<>();
    try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ProcessorPart> reading =
          awaitWaiting(
              reader,
              () -> {
                readerThread.set(Thread.currentThread());
                return channel.take();
              });
      scope.fail("model", new IOException("connection reset"));
      readerThread.get().interrupt();
      assertThatThrownBy(() -> reading.get(30, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(CancellationException.class)
          .cause()
          .isInstanceOf(ProcessorException.class)
          .hasRootCauseMessage("connection reset");
    }
  }

  /** Starts the task and returns once its thread waits (or the task ended). */
  private static <T> Future<T> awaitWaiting(
      ExecutorService threads, java.util.concurrent.Callable<T> task) {
    AtomicReference<Thread> runner = new AtomicReference<>();
    Future<T> future =
        threads.submit(
            () -> {
              runner.set(Thread.currentThread());
              return task.call();
            });
    while (!future.isDone()) {
      Thread t = runner.get();
      if (t != null && t.getState() == Thread.State.WAITING) {
        break;
      }
      Thread.onSpinWait();
    }
    return future;
  }

  @Test
  void aPartQueueIsOpenUntilClosedAndItsStreamOnceEndedStaysEnded() {
    PartQueue queue = PartQueue.create(4);
    assertThat(queue.isClosed()).isFalse();
    queue.putText("only");
    queue.close();
    assertThat(queue.isClosed()).isTrue();
    java.util.Iterator<ProcessorPart> it = queue.iterator();
    assertThat(it.next().text()).contains("only");
    assertThat(it.hasNext()).isFalse();
    assertThat(it.hasNext()).as("the end stays the end").isFalse();
  }

  @Test
  void cancellingTheRunStopsAPlatformThreadReaderThatLearnedToSpinForItsParts() throws Exception {
    Scope scope = Scope.root(RunOptions.defaults(), part -> {});
    SpscChannel channel = new SpscChannel(scope, 4);
    java.util.concurrent.CountDownLatch primed = new java.util.concurrent.CountDownLatch(1);
    ExecutorService platform = Executors.newSingleThreadExecutor();
    try {
      Future<ProcessorPart> reading =
          platform.submit(
              () -> {
                for (int i = 0; i < 32; i++) {
                  channel.put(ProcessorPart.text("p" + i)); // parts that come at once: the
                  channel.take(); // reader's waits are short, so it spins before parking
                }
                primed.countDown();
                return channel.take();
              });
      primed.await();
      scope.cancel();
      channel.wakeConsumer();
      assertThatThrownBy(() -> reading.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(CancellationException.class);
    } finally {
      platform.shutdownNow();
    }
  }
}
