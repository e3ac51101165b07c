package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a caller holding a {@link ProcessorRun} can rely on: its iterator, stream, state, errors.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessorRunTest {

  @Test
  void aRunHasOneIteratorThatGoesOnWhereTheLastIterationStopped() {
    try (ProcessorRun run = Processors.passThrough().start(texts("a", "b", "c"))) {
      assertThat(run.iterator()).isSameAs(run.iterator());
      Iterator<ProcessorPart> it = run.iterator();
      assertThat(it.hasNext()).isTrue();
      assertThat(it.hasNext()).as("asking twice does not skip a part").isTrue();
      assertThat(it.next().text()).contains("a");
      assertThat(textsOf(run.toList())).containsExactly("b", "c");
      assertThat(it.hasNext()).isFalse();
      assertThat(it.hasNext()).as("the end stays the end").isFalse();
      assertThatThrownBy(it::next)
          .isInstanceOf(NoSuchElementException.class)
          .hasMessageContaining("ended");
    }
  }

  @Test
  void closingTheOutputStreamClosesTheRun() throws Exception {
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
    ProcessorRun run = endless.start(texts("go"));
    try (Stream<ProcessorPart> parts = run.stream()) {
      assertThat(parts.limit(3).map(p -> p.text().orElseThrow()).toList())
          .containsExactly("n0", "n1", "n2");
    }
    assertThat(stopped.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(run.isDone()).isTrue();
    assertThatThrownBy(() -> run.iterator().hasNext()).isInstanceOf(CancellationException.class);
  }

  @Test
  void aRunIsDoneOnceItsOutputEndedOrItFailed() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Processor waits =
        (in, out) -> {
          release.await();
          in.forEachRemaining(out::emit);
        };
    try (ProcessorRun run = waits.start(texts("a"))) {
      assertThat(run.isDone()).isFalse();
      release.countDown();
      assertThat(textsOf(run.toList())).containsExactly("a");
      while (!run.isDone()) {
        Thread.sleep(1); // the stage thread is ending
      }
    }
    Processor failing =
        (in, out) -> {
          throw new IOException("disk full");
        };
    try (ProcessorRun run = failing.start(texts("a"))) {
      assertThatThrownBy(run::toList).isInstanceOf(ProcessorException.class);
      assertThat(run.isDone()).isTrue();
    }
  }

  @Test
  void aFailureIsThrownAgainOnEveryReadAndNamesTheStage() {
    Processor failing =
        (in, out) -> {
          throw new IOException("disk full");
        };
    try (ProcessorRun run = failing.named("writer").start(texts("a"))) {
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasMessageContaining("writer")
          .hasRootCauseMessage("disk full");
      assertThatThrownBy(() -> run.iterator().hasNext())
          .isInstanceOf(ProcessorException.class)
          .hasRootCauseMessage("disk full");
      assertThatThrownBy(() -> run.iterator().next()).isInstanceOf(ProcessorException.class);
    }
  }

  @Test
  void aStageThatStopsBecauseItsReaderLeftIsNotAFailure() {
    Processor endless =
        (in, out) -> {
          while (true) {
            out.emitText("x");
          }
        };
    ProcessorRun run = endless.start(texts("go"));
    assertThat(run.iterator().next().text()).contains("x");
    run.close();
    run.close(); // idempotent
    assertThatThrownBy(() -> run.iterator().hasNext())
        .isInstanceOf(CancellationException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theInputIsClosedWhenTheRunEnds() {
    PartQueue queue = PartQueue.create(4);
    Processor firstOnly = (in, out) -> out.emit(in.next());
    try (ProcessorRun run = firstOnly.start(queue)) {
      queue.putText("one");
      assertThat(textsOf(run.toList())).containsExactly("one");
    }
    assertThatThrownBy(() -> queue.putText("two"))
        .as("nobody reads the queue any more")
        .isInstanceOf(RuntimeException.class);
  }

  @Test
  void theRunCountsTheUnreadDataPartsAnInterruptionDropped() throws Exception {
    CountDownLatch emitted = new CountDownLatch(1);
    Processor speaker =
        (in, out) -> {
          out.emitText("stale 1");
          out.emitText("stale 2");
          out.emitText("stale 3");
          out.emit(ProcessorPart.interrupted());
          out.emitText("fresh");
          emitted.countDown();
        };
    try (ProcessorRun run = speaker.start(texts())) {
      assertThat(emitted.await(30, TimeUnit.SECONDS)).isTrue();
      List<ProcessorPart> out = run.toList();
      assertThat(out).hasSize(2);
      assertThat(out.getFirst().isInterrupt()).isTrue();
      assertThat(out.get(1).text()).contains("fresh");
      assertThat(run.droppedByInterrupt()).isEqualTo(3);
    }
  }

  @Test
  void startingARunRefusesNullsByName() {
    Processor p = Processors.passThrough();
    assertThatThrownBy(() -> ProcessorRun.start(null, List.of(), RunOptions.defaults()))
        .hasMessageContaining("processor");
    assertThatThrownBy(() -> ProcessorRun.start(p, null, RunOptions.defaults()))
        .hasMessageContaining("input");
    assertThatThrownBy(() -> ProcessorRun.start(p, List.of(), null))
        .hasMessageContaining("options");
  }
}
