package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RuntimeTest {

  @Test
  void controlSignalsOvertakeQueuedDataAndInterruptionDropsIt() throws Exception {
    CountDownLatch forwarded = new CountDownLatch(1);
    PartQueue input = PartQueue.create(1024);
    Processor source =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
            if (p.isText()) {
              forwarded.countDown();
            }
          }
        };
    Processor busy =
        (in, out) -> {
          forwarded.await();
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    try (ProcessorRun run = source.andThen(busy).start(input)) {
      for (int i = 0; i < 50; i++) {
        input.put(ProcessorPart.audio(new byte[] {(byte) i, 0}, 16000));
      }
      input.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      input.put(ProcessorPart.interrupted());
      input.putText("after the interruption");
      input.close();
      List<ProcessorPart> out = run.toList();
      assertThat(out)
          .containsExactly(
              ProcessorPart.signal(SignalKind.START_OF_SPEECH),
              ProcessorPart.interrupted(),
              ProcessorPart.text("after the interruption"));
    }
  }

  @Test
  void interruptionDropsDataQueuedInEveryChannelDownstream() throws Exception {
    // A slow sink holds audio queued in the channel in front of it; an interruption emitted
    // behind that audio must overtake it and drop it, so none of it plays.
    CountDownLatch sinkStarted = new CountDownLatch(1);
    CountDownLatch interruptSent = new CountDownLatch(1);
    List<ProcessorPart> played = new ArrayList<>();
    Processor producer =
        (in, out) -> {
          for (int i = 0; i < 100; i++) {
            out.emit(ProcessorPart.audio(new byte[] {(byte) i, 0}, 16000));
          }
          sinkStarted.await();
          out.emit(ProcessorPart.interrupted());
          interruptSent.countDown();
          out.emitText("next answer");
        };
    Processor slowSpeaker =
        (in, out) -> {
          for (ProcessorPart p : in) {
            if (played.isEmpty()) {
              sinkStarted.countDown();
              interruptSent.await();
              Thread.sleep(20);
            }
            played.add(p);
            out.emit(p);
          }
        };
    try (ProcessorRun run = producer.andThen(slowSpeaker).start(List.of())) {
      List<ProcessorPart> out = run.toList();
      long audioPlayed = played.stream().filter(p -> p.mimeType().startsWith("audio/")).count();
      assertThat(audioPlayed).isEqualTo(1); // only the chunk already being played
      assertThat(played.get(1).isSignal(SignalKind.INTERRUPTED)).isTrue();
      assertThat(out).last().isEqualTo(ProcessorPart.text("next answer"));
    }
  }

  @Test
  void controlSignalsOvertakeDataQueuedInAChannel() {
    CountDownLatch release = new CountDownLatch(1);
    Processor talker =
        (in, out) -> {
          for (int i = 0; i < 10; i++) {
            out.emitText("data" + i);
          }
          out.emit(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
          release.countDown();
        };
    Processor busy =
        (in, out) -> {
          release.await();
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    List<ProcessorPart> out = talker.andThen(busy).apply(List.of());
    assertThat(out.get(0).isSignal(SignalKind.START_OF_SPEECH)).isTrue();
    assertThat(textsOf(out.subList(1, out.size())))
        .containsExactly(
            "data0", "data1", "data2", "data3", "data4", "data5", "data6", "data7", "data8",
            "data9");
  }

  @Test
  void errorReachesTheConsumerNamingTheStageBeforeLaterOutput() {
    Processor numbers =
        (in, out) -> {
          for (int i = 0; i < 1000; i++) {
            out.emitText(String.valueOf(i));
          }
        };
    Processor failsOnFive =
        ((PartProcessor)
                (part, out) -> {
                  if (part.text().orElseThrow().equals("5")) {
                    throw new IllegalStateException("five is not allowed");
                  }
                  out.emit(part);
                })
            .named("picky")
            .asProcessor();
    List<String> seen = new ArrayList<>();
    try (ProcessorRun run =
        numbers.andThen(failsOnFive).andThen(Processors.passThrough()).start(List.of())) {
      assertThatThrownBy(
              () -> {
                for (ProcessorPart p : run) {
                  seen.add(p.text().orElseThrow());
                }
              })
          .isInstanceOf(ProcessorException.class)
          .hasMessageContaining("stage 'picky' failed")
          .hasMessageContaining("five is not allowed")
          .satisfies(e -> assertThat(((ProcessorException) e).stage()).isEqualTo("picky"));
    }
    assertThat(seen).isSubsetOf("0", "1", "2", "3", "4");
  }

  @Test
  void aFailureInTheFirstStageCancelsTheOthers() throws Exception {
    CountDownLatch downstreamWaiting = new CountDownLatch(1);
    CountDownLatch downstreamCancelled = new CountDownLatch(1);
    Processor failing =
        (in, out) -> {
          downstreamWaiting.await();
          throw new RuntimeException("boom");
        };
    Processor waiting =
        (in, out) -> {
          downstreamWaiting.countDown();
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            downstreamCancelled.countDown();
            throw e;
          }
        };
    try (ProcessorRun run = failing.andThen(waiting).start(List.of())) {
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasMessageContaining("boom");
      assertThat(downstreamCancelled.await(5, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void closingMidStreamOrFailingLeavesNoThreadAliveOverTenThousandRuns() {
    TestProcessors.CountingThreads threads = new TestProcessors.CountingThreads();
    Processor endless =
        (in, out) -> {
          for (long i = 0; ; i++) {
            out.emitText("x");
          }
        };
    Processor pipeline =
        endless
            .andThen(Processors.mapText(String::toUpperCase))
            .andThen(
                (Processor)
                    (in, out) -> {
                      for (ProcessorPart p : in) {
                        out.emit(p);
                      }
                    });
    Processor failing =
        endless.andThen(
            (Processor)
                (in, out) -> {
                  in.next();
                  throw new IllegalStateException("fail");
                });
    for (int i = 0; i < 10_000; i++) {
      if (i % 2 == 0) {
        try (ProcessorRun run = pipeline.start(List.of(), threads.options())) {
          Iterator<ProcessorPart> it = run.iterator();
          it.next();
          it.next();
        }
      } else {
        try (ProcessorRun run = failing.start(List.of(), threads.options())) {
          assertThatThrownBy(run::toList).isInstanceOf(ProcessorException.class);
        }
      }
      assertThat(threads.alive.get()).as("threads alive after run %d", i).isZero();
    }
    assertThat(threads.started.get()).isGreaterThanOrEqualTo(20_000);
  }

  @Test
  void aRunClosedFromInsideOneOfItsStagesDoesNotWaitForItself() throws Exception {
    java.util.concurrent.atomic.AtomicReference<ProcessorRun> self =
        new java.util.concurrent.atomic.AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Processor closesItsOwnRun =
        (in, out) -> {
          started.await();
          self.get().close();
        };
    ProcessorRun run = closesItsOwnRun.start(List.of());
    self.set(run);
    started.countDown();
    assertThatThrownBy(run::toList).isInstanceOf(CancellationException.class);
    run.close();
  }

  @Test
  void iteratingAClosedRunThrowsCancellation() {
    ProcessorRun run = Processors.passThrough().start(PartQueue.create());
    run.close();
    run.close();
    assertThatThrownBy(() -> run.iterator().hasNext()).isInstanceOf(CancellationException.class);
  }

  @Test
  void fastProducerAndSlowConsumerHoldNoMoreThanTheChannelCapacities() throws Exception {
    AtomicLong produced = new AtomicLong();
    int capacity = 16;
    Processor producer =
        (in, out) -> {
          for (int i = 0; i < 5_000; i++) {
            produced.incrementAndGet();
            out.emitText("p");
          }
        };
    Processor relay =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    RunOptions options = RunOptions.defaults().withChannelCapacity(capacity);
    long maxInFlight = 0;
    long consumed = 0;
    try (ProcessorRun run = producer.andThen(relay).andThen(relay).start(List.of(), options)) {
      for (ProcessorPart p : run) {
        consumed++;
        if (consumed % 100 == 0) {
          Thread.sleep(1);
        }
        maxInFlight = Math.max(maxInFlight, produced.get() - consumed);
      }
    }
    assertThat(consumed).isEqualTo(5_000);
    // Three channels of 16, plus one part in the hands of each of the three stages.
    assertThat(maxInFlight).isLessThanOrEqualTo(3L * capacity + 3);
  }

  @Test
  void partQueueRejectsWritesAfterCloseAndAfterTheRunStops() {
    PartQueue q = PartQueue.create(2);
    q.putText("a");
    q.close();
    assertThatThrownBy(() -> q.putText("b"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("after the stream was closed");
    assertThat(textsOf(Processors.passThrough().apply(List.of()))).isEmpty();
    PartQueue live = PartQueue.create(2);
    ProcessorRun run = Processors.passThrough().start(live);
    run.close();
    assertThatThrownBy(() -> live.putText("late")).isInstanceOf(CancellationException.class);
    assertThat(live.isClosed()).isTrue();
  }

  @Test
  void closingTheRunFreesAWriterBlockedOnAFullPartQueue() throws Exception {
    PartQueue input = PartQueue.create(2);
    CountDownLatch started = new CountDownLatch(1);
    Processor neverReads =
        (in, out) -> {
          started.countDown();
          new CountDownLatch(1).await(); // until the run is cancelled
        };
    ProcessorRun run = neverReads.start(input);
    started.await();
    input.putText("1");
    input.putText("2");
    var writer = new java.util.concurrent.CompletableFuture<Throwable>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    input.putText("3: blocks, the queue is full and nobody reads");
                    writer.complete(null);
                  } catch (Throwable e) {
                    writer.complete(e);
                  }
                });
    run.close();
    assertThat(writer.get(30, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    t.join();
  }

  @Test
  void partQueueFeedsOneRunOnly() {
    PartQueue q = PartQueue.create();
    try (ProcessorRun run = Processors.passThrough().start(q)) {
      assertThatThrownBy(() -> Processors.passThrough().start(q))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("feeds one run");
    }
  }

  @Test
  void aFailedPartQueueFailsTheRunAfterItsQueuedParts() {
    PartQueue q = PartQueue.create();
    q.putText("a");
    q.fail(new java.io.IOException("microphone unplugged"));
    Processor tail = Processors.passThrough().asProcessor();
    List<ProcessorPart> seen = new ArrayList<>();
    try (ProcessorRun run = tail.start(q)) {
      assertThatThrownBy(() -> run.forEach(seen::add))
          .isInstanceOf(ProcessorException.class)
          .hasMessageContaining("microphone unplugged");
    }
    // Failures are delivered as soon as they are known, so "a" may or may not have been seen.
    assertThat(seen).isSubsetOf(ProcessorPart.text("a"));
  }

  @Test
  void aLonePartIsNotHeldBackByBatching() throws Exception {
    PartQueue q = PartQueue.create();
    Processor relay =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    try (ProcessorRun run = Processor.chain(relay, relay, relay, relay).start(q)) {
      Iterator<ProcessorPart> it = run.iterator();
      for (int i = 0; i < 100; i++) {
        q.putText("ping" + i);
        assertThat(it.next().text()).hasValue("ping" + i);
      }
    }
  }

  @Test
  void outputOrderIsKeptAcrossManyHops() {
    Processor relay =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      input.add(ProcessorPart.text(Integer.toString(i)));
    }
    assertThat(Processor.chain(relay, relay, relay, relay).apply(input)).isEqualTo(input);
    assertThat(textsOf(Processor.chain(relay, relay).apply(texts("a")))).containsExactly("a");
  }
}
