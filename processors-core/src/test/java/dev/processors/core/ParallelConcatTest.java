package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Edges of parallelConcat: no branches, limits, failures, out-of-band parts and names. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ParallelConcatTest {

  private static Processor echo(String suffix) {
    return ((PartProcessor) (p, out) -> out.emitText(p.text().orElseThrow() + suffix))
        .asProcessor()
        .named("echo" + suffix);
  }

  @Test
  void withNoBranchesTheOutputIsEmpty() {
    assertThat(Processor.parallelConcat().apply(texts("a", "b"))).isEmpty();
  }

  @Test
  void aLaterBranchMayBufferExactlyItsLimitWhileEarlierOnesRun() {
    CountDownLatch buffered = new CountDownLatch(1);
    Processor waitsForTheOther =
        (in, out) -> {
          in.toList();
          buffered.await();
          out.emitText("first");
        };
    Processor threeParts =
        (in, out) -> {
          in.toList();
          out.emitText("x");
          out.emitText("y");
          out.emitText("z");
          buffered.countDown();
        };
    assertThat(textsOf(Processor.parallelConcat(3, waitsForTheOther, threeParts).apply(texts("a"))))
        .containsExactly("first", "x", "y", "z");
  }

  @Test
  void theBufferLimitMustBePositive() {
    assertThatThrownBy(() -> Processor.parallelConcat(0, echo("!")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxBufferedParts");
  }

  @Test
  void aFailingBranchFailsTheRunWithItsError() {
    Processor broken =
        ((Processor)
                (in, out) -> {
                  in.toList();
                  throw new IOException("branch broke");
                })
            .named("broken");
    assertThatThrownBy(() -> Processor.parallelConcat(echo("!"), broken).apply(texts("a")))
        .isInstanceOf(ProcessorException.class)
        .hasRootCauseMessage("branch broke");
  }

  @Test
  void aLaterBranchsStatusPartsAreNotHeldBackBehindEarlierBranches() {
    CountDownLatch reported = new CountDownLatch(1);
    Processor slowFirst =
        (in, out) -> {
          in.toList();
          reported.await();
          out.emitText("first");
        };
    Processor reportsProgress =
        (in, out) -> {
          in.toList();
          out.emit(ProcessorPart.status("working"));
          reported.countDown();
          out.emitText("second");
        };
    List<ProcessorPart> got =
        Processor.parallelConcat(slowFirst, reportsProgress).apply(texts("a"));
    assertThat(textsOf(got)).containsExactly("working", "first", "second");
  }

  @Test
  void itsNameListsItsBranches() {
    assertThat(Processor.parallelConcat(echo("1"), echo("2")).name())
        .isEqualTo("parallelConcat(echo1, echo2)");
  }
}
