package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * When each side of a channel is woken and how much room it gets back, on both implementations: a
 * waiting reader gets a lone part or the end at once, a blocked writer resumes as soon as there is
 * room again (a part read, an interrupt that dropped the queue, a control part read), and an
 * interrupt drops every part put before it. Waits are on thread states, never on the wall clock.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChannelHandOffTest {
  static final int CAPACITY = 4;

  static Stream<Arguments> channels() {
    Function<Scope, Channel> spsc = scope -> new SpscChannel(scope, CAPACITY);
    Function<Scope, Channel> lock = scope -> new LockChannel(CAPACITY, 1);
    return Stream.of(Arguments.of("spsc", spsc, 1024), Arguments.of("lock", lock, 64));
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

  /**
   * Runs the task on a thread of its own and returns once that thread waits (or the task ended).
   */
  private static <T> Future<T> startAndAwaitBlocked(ExecutorService threads, Callable<T> task) {
    AtomicReference<Thread> runner = new AtomicReference<>();
    Future<T> future =
        threads.submit(
            () -> {
              runner.set(Thread.currentThread());
              return task.call();
            });
    while (!future.isDone()) {
      Thread t = runner.get();
      if (t != null
          && (t.getState() == Thread.State.WAITING || t.getState() == Thread.State.TIMED_WAITING)) {
        break;
      }
      Thread.onSpinWait();
    }
    return future;
  }

  /** A task that may throw, for {@link #startAndAwaitBlocked}. */
  interface Callable<T> {
    T call() throws Exception;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aReaderWaitingOnAnEmptyChannelGetsALonePartWhileTheWriterKeepsItOpen(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ProcessorPart> reading = startAndAwaitBlocked(reader, channel::take);
      channel.put(ProcessorPart.text("lone"));
      assertThat(reading.get(30, TimeUnit.SECONDS).text()).contains("lone");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aReaderWaitingOnAnEmptyChannelGetsTheEndWhenTheWriterCompletes(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<List<String>> reading = startAndAwaitBlocked(reader, () -> drain(channel));
      channel.complete();
      assertThat(reading.get(30, TimeUnit.SECONDS)).isEmpty();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aReaderWaitingOnAnEmptyChannelGetsAnOutOfBandPartAtOnce(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    try (ExecutorService reader = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<ProcessorPart> reading = startAndAwaitBlocked(reader, channel::take);
      channel.putOutOfBand(ProcessorPart.status("working"));
      assertThat(reading.get(30, TimeUnit.SECONDS).text()).contains("working");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aWriterBlockedOnAFullChannelResumesOnceTheReaderTakesOnePart(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    try (ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writing =
          startAndAwaitBlocked(
              writer,
              () -> {
                for (int i = 0; i <= CAPACITY; i++) {
                  channel.put(ProcessorPart.text("p" + i)); // the last one waits for room
                }
                return null;
              });
      assertThat(channel.take().text()).contains("p0");
      writing.get(30, TimeUnit.SECONDS); // one part read is room for one more: no need to drain
      channel.complete();
      assertThat(drain(channel)).containsExactly("p1", "p2", "p3", "p4");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandInterruptDropsEveryPartOfAFullChannel(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    for (int i = 0; i < CAPACITY; i++) {
      channel.put(ProcessorPart.text("stale" + i));
    }
    try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
      other
          .submit(() -> channel.putOutOfBand(ProcessorPart.interrupted()))
          .get(30, TimeUnit.SECONDS);
    }
    assertThat(channel.take().isControl()).as("the interrupt, and nothing before it").isTrue();
    channel.put(ProcessorPart.text("fresh")); // the dropped parts made room
    channel.complete();
    assertThat(drain(channel)).containsExactly("fresh");
    assertThat(channel.droppedByInterrupt()).isEqualTo(CAPACITY);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandInterruptAfterTheWriterCompletedDropsEveryPartPutBeforeIt(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    channel.put(ProcessorPart.text("a"));
    channel.put(ProcessorPart.text("b"));
    channel.put(ProcessorPart.text("c"));
    channel.complete();
    try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
      other
          .submit(() -> channel.putOutOfBand(ProcessorPart.interrupted()))
          .get(30, TimeUnit.SECONDS);
    }
    assertThat(drain(channel)).hasSize(1).first().asString().startsWith("<");
    assertThat(channel.droppedByInterrupt()).isEqualTo(3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandInterruptFreesAFullChannelForItsBlockedWriter(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    try (ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writing =
          startAndAwaitBlocked(
              writer,
              () -> {
                for (int i = 0; i < CAPACITY; i++) {
                  channel.put(ProcessorPart.text("stale" + i));
                }
                channel.put(ProcessorPart.text("late")); // waits for room
                return null;
              });
      channel.putOutOfBand(ProcessorPart.interrupted());
      assertThat(channel.take().isControl()).as("the interrupt comes first").isTrue();
      assertThat(channel.droppedByInterrupt()).isEqualTo(CAPACITY);
      writing.get(30, TimeUnit.SECONDS); // the dropped parts made room without more reads
      channel.complete();
      assertThat(drain(channel)).containsExactly("late");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aWriterBlockedOnAFullControlLaneFailsWhenTheReaderLeaves(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    for (int i = 0; i < controlLimit; i++) {
      channel.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH, true));
    }
    try (ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writing =
          startAndAwaitBlocked(
              writer,
              () -> {
                channel.put(ProcessorPart.signal(SignalKind.END_OF_SPEECH, true));
                return null;
              });
      channel.consumerDone();
      assertThatThrownBy(() -> writing.get(30, TimeUnit.SECONDS))
          .as("the control lane holds %d parts, no more", controlLimit)
          .hasCauseInstanceOf(DownstreamClosedException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void anOutOfBandWriterBlockedOnAFullControlLaneFailsWhenTheReaderLeaves(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    for (int i = 0; i < controlLimit; i++) {
      channel.putOutOfBand(ProcessorPart.status("s" + i));
    }
    try (ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writing =
          startAndAwaitBlocked(
              writer,
              () -> {
                channel.putOutOfBand(ProcessorPart.status("one too many"));
                return null;
              });
      channel.consumerDone();
      assertThatThrownBy(() -> writing.get(30, TimeUnit.SECONDS))
          .as("the control lane holds %d parts, no more", controlLimit)
          .hasCauseInstanceOf(DownstreamClosedException.class);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aWriterBlockedOnAFullControlLaneResumesOnceTheReaderTakesOne(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    for (int i = 0; i < controlLimit; i++) {
      channel.putOutOfBand(ProcessorPart.status("s" + i));
    }
    try (ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writing =
          startAndAwaitBlocked(
              writer,
              () -> {
                channel.putOutOfBand(ProcessorPart.status("last"));
                return null;
              });
      assertThat(channel.take().text()).contains("s0");
      writing.get(30, TimeUnit.SECONDS);
      channel.complete();
      List<String> rest = drain(channel);
      assertThat(rest).hasSize(controlLimit).last().isEqualTo("last");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("channels")
  void aStagesSinkSaysWhileItWaitsForTheNextStageToMakeRoom(
      String name, Function<Scope, Channel> make, int controlLimit) throws Exception {
    Channel channel = make.apply(scope());
    ChannelSink sink = new ChannelSink(channel, part -> {}, RunOptions.defaults());
    try (ExecutorService writer = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> writing =
          startAndAwaitBlocked(
              writer,
              () -> {
                for (int i = 0; i <= CAPACITY; i++) {
                  sink.emit(ProcessorPart.text("p" + i));
                }
                return null;
              });
      assertThat(sink.isWaitingForSpace()).isTrue();
      channel.take();
      writing.get(30, TimeUnit.SECONDS);
      assertThat(sink.isWaitingForSpace()).isFalse();
    }
  }
}
