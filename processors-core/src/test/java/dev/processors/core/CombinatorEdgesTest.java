package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Combinators at their edges: an input that breaks while they read it, a sink that refuses a part,
 * out-of-band parts, filters of nested members.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CombinatorEdgesTest {
  private static final Processor ECHO = (in, out) -> in.forEach(out::emit);
  private static final PartProcessor UPPER =
      (part, out) -> out.emitText(part.text().orElseThrow().toUpperCase());
  private static final PartProcessor EXCLAIM =
      (part, out) -> out.emitText(part.text().orElseThrow() + "!");

  /** Yields "0", "1", then fails with {@code error}. */
  private static Iterable<ProcessorPart> breaksAfterTwo(RuntimeException error) {
    return () ->
        new Iterator<>() {
          int i;

          @Override
          public boolean hasNext() {
            return true;
          }

          @Override
          public ProcessorPart next() {
            if (i == 2) {
              throw error;
            }
            return ProcessorPart.text(Integer.toString(i++));
          }
        };
  }

  /** Runs {@code stage} inside a processor whose sink refuses the part "bad". */
  private static Processor behindARefusingSink(Processor stage, RuntimeException error) {
    return (in, out) ->
        stage.process(
            in,
            p -> {
              if (p.text().orElse("").equals("bad")) {
                throw error;
              }
              out.emit(p);
            });
  }

  @Test
  void anInputThatBreaksWhileAMergeReadsItFailsTheRunWithItsErrorNamingTheMerge() {
    IllegalStateException broken = new IllegalStateException("input broke");
    Processor merge = Processor.merge(ECHO.named("a"), ECHO.named("b"));
    try (ProcessorRun run = merge.start(breaksAfterTwo(broken))) {
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasCause(broken)
          .satisfies(e -> assertThat(((ProcessorException) e).stage()).isEqualTo("merge(a, b)"));
    }
  }

  @Test
  void anInputThatBreaksWhileAStreamRouterReadsItFailsTheRunWithItsErrorNamingTheRouter() {
    IllegalStateException broken = new IllegalStateException("input broke");
    Processor router = Processors.route().when(p -> true, ECHO.named("a")).build();
    try (ProcessorRun run = router.start(breaksAfterTwo(broken))) {
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasCause(broken)
          .satisfies(e -> assertThat(((ProcessorException) e).stage()).startsWith("route(a, "));
    }
  }

  @Test
  void aStreamRouterPassesOutOfBandPartsStraightThrough() {
    Processor router = Processors.route().when(p -> true, ECHO).build();
    ProcessorPart status = ProcessorPart.status("working");
    List<ProcessorPart> out = router.apply(List.of(ProcessorPart.text("x"), status));
    assertThat(out).containsExactlyInAnyOrder(ProcessorPart.text("x"), status);
  }

  @Test
  void aPartRouteWhoseProcessorDoesNotMatchThePartLetsItPassUntouched() {
    PartProcessor upperOfA = UPPER.matching(p -> p.text().orElse("").startsWith("a"));
    Processor router = Processors.route().when(p -> true, upperOfA).build();
    assertThat(textsOf(router.apply(texts("ab", "bc")))).containsExactly("AB", "bc");
  }

  @Test
  void aFusedChainWorksAsABranchOfParallel() {
    PartProcessor both = PartProcessor.parallel(UPPER.andThen(EXCLAIM), EXCLAIM);
    assertThat(textsOf(both.apply(texts("a")))).containsExactly("A!", "a!");
  }

  @Test
  void aFallbackParallelThatNoBranchTakesIsNotClaimedByAnOuterParallel() {
    PartProcessor onlyA = UPPER.matching(p -> p.text().orElse("").equals("a"));
    PartProcessor inner = PartProcessor.parallel(PartProcessor.PassThrough.FALLBACK, onlyA);
    assertThat(inner.matches(ProcessorPart.text("b"))).isFalse();
    assertThat(inner.matches(ProcessorPart.text("a"))).isTrue();
    PartProcessor outer = PartProcessor.parallel(inner, EXCLAIM);
    assertThat(textsOf(outer.apply(texts("a", "b")))).containsExactly("A", "a!", "b!");
  }

  @Test
  void aRetriedPartProcessorKeepsItsFilter() {
    PartProcessor onlyA = UPPER.matching(p -> p.text().orElse("").equals("a"));
    PartProcessor retried = onlyA.retry(RetryPolicy.defaults());
    assertThat(retried.matches(ProcessorPart.text("b"))).isFalse();
    assertThat(textsOf(retried.apply(texts("a", "b")))).containsExactly("A", "b");
  }

  @Test
  void aSinkThatRefusesAConcurrentStagesOutputFailsTheRunWithItsError() {
    IllegalStateException refused = new IllegalStateException("refused");
    Processor stage =
        behindARefusingSink(((PartProcessor) (part, out) -> out.emit(part)).concurrent(3), refused);
    try (ProcessorRun run = stage.start(texts("ok", "bad", "more"))) {
      assertThatThrownBy(run::toList).isInstanceOf(ProcessorException.class).hasCause(refused);
    }
  }

  @Test
  void aSinkThatRefusesParallelConcatsOutputFailsTheRunWithItsError() {
    IllegalStateException refused = new IllegalStateException("refused");
    Processor stage = behindARefusingSink(Processor.parallelConcat(ECHO, ECHO), refused);
    try (ProcessorRun run = stage.start(texts("ok", "bad", "more"))) {
      assertThatThrownBy(run::toList).isInstanceOf(ProcessorException.class).hasCause(refused);
    }
  }
}
