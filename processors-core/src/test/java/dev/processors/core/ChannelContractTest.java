package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Channel} contract every stage-to-stage hand-off keeps, checked on both
 * implementations: order, bounds, endings, control parts overtaking data, interrupts dropping the
 * data queued before them, and what each side sees when the other leaves.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelContractTest {
  static final int CAPACITY = 4;

  static Stream<Arguments> channels() {
    Function<Scope, Channel> spsc = scope -> new SpscChannel(scope, CAPACITY);
    Function<Scope, Channel> lock = scope -> new LockChannel(CAPACITY, 1);
    return Stream.of(Arguments.of("spsc", spsc), Arguments.of("lock", lock));
  }

  private static Scope scope() {
    return Scope.root(RunOptions.defaults(), part -> {});
  }

  private static List<String> drain(Channel channel) {
    List<String> texts = new ArrayList<>();
    for (ProcessorPart p = channel.take(); p != null; p = channel.take()) {
      texts.add(p.isControl() ? "<" + p.content() + ">" : p.text().orElseThrow());
    }
    return texts;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void partsComeOutInOrderAndTheEndAfterTheLastOne(String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("a"));
    channel.put(ProcessorPart.text("b"));
    channel.put(ProcessorPart.text("c"));
    channel.complete();
    assertThat(drain(channel)).containsExactly("a", "b", "c");
    assertThat(channel.take()).as("the end stays the end").isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void manyMorePartsThanTheCapacityPassInOrderBetweenTwoThreads(
      String name, Function<Scope, Channel> make) throws Exception {
    Channel channel = make.apply(scope());
    int count = 10_000;
    try (ExecutorService producer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writing =
          producer.submit(
              () -> {
                for (int i = 0; i < count; i++) {
                  channel.put(ProcessorPart.text(Integer.toString(i)));
                }
                channel.complete();
                return null;
              });
      List<String> read = drain(channel);
      writing.get(30, TimeUnit.SECONDS);
      assertThat(read).hasSize(count);
      for (int i = 0; i < count; i++) {
        assertThat(read.get(i)).isEqualTo(Integer.toString(i));
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aFullChannelBlocksItsProducerUntilTheConsumerTakesAPart(
      String name, Function<Scope, Channel> make) throws Exception {
    Channel channel = make.apply(scope());
    for (int i = 0; i < CAPACITY; i++) {
      channel.put(ProcessorPart.text("q" + i));
    }
    try (ExecutorService producer = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch putting = new CountDownLatch(1);
      Future<?> blocked =
          producer.submit(
              () -> {
                putting.countDown();
                channel.put(ProcessorPart.text("late"));
                channel.complete();
                return null;
              });
      putting.await();
      assertThat(blocked.isDone()).as("no room: the put waits").isFalse();
      List<String> read = drain(channel);
      blocked.get(30, TimeUnit.SECONDS);
      assertThat(read).containsExactly("q0", "q1", "q2", "q3", "late");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aConsumerWaitingOnAnEmptyChannelGetsAPartPutLater(String name, Function<Scope, Channel> make)
      throws Exception {
    Channel channel = make.apply(scope());
    try (ExecutorService consumer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<List<String>> reading = consumer.submit(() -> drain(channel));
      Thread.sleep(20); // let the consumer park (the outcome is the same if it has not yet)
      channel.put(ProcessorPart.text("one"));
      Thread.sleep(20);
      channel.put(ProcessorPart.text("two"));
      channel.complete();
      assertThat(reading.get(30, TimeUnit.SECONDS)).containsExactly("one", "two");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aControlPartOvertakesQueuedDataButDropsNothing(String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("a"));
    channel.put(ProcessorPart.text("b"));
    channel.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH, true));
    channel.complete();
    List<String> read = drain(channel);
    assertThat(read).hasSize(3);
    assertThat(read.getFirst()).startsWith("<");
    assertThat(read.subList(1, 3)).containsExactly("a", "b");
    assertThat(channel.droppedByInterrupt()).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anInterruptDropsTheDataQueuedBeforeItAndCountsIt(
      String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("stale1"));
    channel.put(ProcessorPart.text("stale2"));
    channel.put(ProcessorPart.text("stale3"));
    channel.put(ProcessorPart.interrupted());
    channel.put(ProcessorPart.text("fresh"));
    channel.complete();
    List<String> read = drain(channel);
    assertThat(read).hasSize(2);
    assertThat(read.get(0)).startsWith("<");
    assertThat(read.get(1)).isEqualTo("fresh");
    assertThat(channel.droppedByInterrupt()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anInterruptAfterPartsAlreadyReadDropsOnlyTheUnreadOnes(
      String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("read"));
    channel.put(ProcessorPart.text("unread"));
    assertThat(channel.take().text().orElseThrow()).isEqualTo("read");
    channel.put(ProcessorPart.interrupted());
    channel.put(ProcessorPart.text("after"));
    channel.complete();
    assertThat(drain(channel)).hasSize(2).last().isEqualTo("after");
    assertThat(channel.droppedByInterrupt()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandInterruptFromAnotherThreadDropsWhatWasQueued(
      String name, Function<Scope, Channel> make) throws Exception {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("a"));
    channel.put(ProcessorPart.text("b"));
    channel.complete(); // publishes a and b
    try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
      other
          .submit(() -> channel.putOutOfBand(ProcessorPart.interrupted()))
          .get(30, TimeUnit.SECONDS);
    }
    List<String> read = drain(channel);
    assertThat(read).hasSize(1);
    assertThat(read.getFirst()).startsWith("<");
    assertThat(channel.droppedByInterrupt()).isEqualTo(2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandPartOvertakesQueuedData(String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("data"));
    channel.putOutOfBand(ProcessorPart.status("working"));
    channel.complete();
    assertThat(drain(channel)).containsExactly("working", "data");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandPartAfterTheProducerCompletedIsReadIfTheReaderHasNotSeenTheEnd(
      String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("data"));
    channel.complete();
    channel.putOutOfBand(ProcessorPart.status("late"));
    assertThat(drain(channel)).containsExactly("late", "data");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandPartAfterTheReaderSawTheEndIsRefusedNotLost(
      String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.complete();
    assertThat(channel.take()).isNull();
    assertThatThrownBy(() -> channel.putOutOfBand(ProcessorPart.status("too late")))
        .isInstanceOf(DownstreamClosedException.class);
    assertThat(channel.take()).as("the end stays the end").isNull();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandPartRacingTheEndIsEitherReadOrRefusedNeverLost(
      String name, Function<Scope, Channel> make) throws Exception {
    try (ExecutorService threads = Executors.newFixedThreadPool(2)) {
      for (int round = 0; round < 2_000; round++) {
        Channel channel = make.apply(scope());
        Future<?> producer =
            threads.submit(
                () -> {
                  channel.put(ProcessorPart.text("data"));
                  channel.complete();
                });
        Future<Boolean> injector =
            threads.submit(
                () -> {
                  try {
                    channel.putOutOfBand(ProcessorPart.status("status"));
                    return true;
                  } catch (DownstreamClosedException refused) {
                    return false;
                  }
                });
        List<String> read = drain(channel);
        producer.get();
        boolean accepted = injector.get();
        assertThat(read).as("round %d", round).contains("data");
        assertThat(read.contains("status"))
            .as("round %d: read iff accepted", round)
            .isEqualTo(accepted);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aProducerBlockedOnAFullChannelFailsWhenTheConsumerLeaves(
      String name, Function<Scope, Channel> make) throws Exception {
    Channel channel = make.apply(scope());
    for (int i = 0; i < CAPACITY; i++) {
      channel.put(ProcessorPart.text("q" + i));
    }
    try (ExecutorService producer = Executors.newVirtualThreadPerTaskExecutor()) {
      CountDownLatch putting = new CountDownLatch(1);
      Future<?> blocked =
          producer.submit(
              () -> {
                putting.countDown();
                channel.put(ProcessorPart.text("late"));
                return null;
              });
      putting.await();
      Thread.sleep(20); // let it block (the outcome is the same if it has not yet)
      channel.consumerDone();
      assertThatThrownBy(() -> blocked.get(30, TimeUnit.SECONDS))
          .hasCauseInstanceOf(DownstreamClosedException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aProducerThatWritesAfterTheConsumerLeftFailsOnItsNextPut(
      String name, Function<Scope, Channel> make) {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("read or not, accepted"));
    channel.consumerDone();
    assertThatThrownBy(() -> channel.put(ProcessorPart.text("nobody reads")))
        .isInstanceOf(DownstreamClosedException.class);
    assertThatThrownBy(() -> channel.putOutOfBand(ProcessorPart.status("nobody reads")))
        .isInstanceOf(DownstreamClosedException.class);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void interruptingAWaitingConsumerCancelsItAndKeepsTheInterruptFlag(
      String name, Function<Scope, Channel> make) throws Exception {
    Channel channel = make.apply(scope());
    try (ExecutorService consumer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<Boolean> reading =
          consumer.submit(
              () -> {
                try {
                  channel.take();
                  return false;
                } catch (CancellationException e) {
                  return Thread.currentThread().isInterrupted();
                }
              });
      Thread.sleep(20);
      consumer.shutdownNow(); // interrupts the reader
      assertThat(reading.get(30, TimeUnit.SECONDS)).isTrue();
    }
  }
}
