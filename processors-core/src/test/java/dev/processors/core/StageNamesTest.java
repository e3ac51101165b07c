package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/**
 * The names combinators give themselves (shown in errors, thread names and metrics) and the
 * shortcut methods that build them: each names its members in order, and each shortcut builds the
 * same stage as the long form.
 */
class StageNamesTest {
  private static final Processor A = ((Processor) (in, out) -> in.forEach(out::emit)).named("a");
  private static final Processor B = ((Processor) (in, out) -> in.forEach(out::emit)).named("b");
  private static final PartProcessor UPPER =
      ((PartProcessor) (part, out) -> out.emitText(part.text().orElseThrow().toUpperCase()))
          .named("upper");
  private static final PartProcessor EXCLAIM =
      ((PartProcessor) (part, out) -> out.emitText(part.text().orElseThrow() + "!"))
          .named("exclaim");

  @Test
  void aChainIsNamedByItsStagesJoinedByArrowsAndFusedPartsByPlus() {
    assertThat(Processor.chain(A, B).name()).isEqualTo("a -> b");
    assertThat(Processor.chain(List.of(A, B)).name()).isEqualTo("a -> b");
    assertThat(UPPER.andThen(EXCLAIM).name()).isEqualTo("upper + exclaim");
    assertThat(Processor.chain(A, UPPER, EXCLAIM, B).name()).isEqualTo("a -> upper + exclaim -> b");
  }

  @Test
  void combinatorsNameTheirMembersInOrder() {
    assertThat(PartProcessor.parallel(UPPER, EXCLAIM).name())
        .isEqualTo("parallel(upper // exclaim)");
    assertThat(PartProcessor.parallel(UPPER).name()).isEqualTo("parallel(upper)");
    assertThat(UPPER.concurrent(3).name()).isEqualTo("upper x3");
    assertThat(Processor.merge(A, B).name()).isEqualTo("merge(a, b)");
    Processor partRoute = Processors.route().when(p -> true, UPPER).otherwise(EXCLAIM).build();
    assertThat(partRoute.name()).isEqualTo("route(upper, exclaim)");
    Processor streamRoute = Processors.route().when(p -> true, A).otherwise(B).build();
    assertThat(streamRoute.name()).isEqualTo("route(a, b)");
  }

  @Test
  void resilienceWrappersKeepTheNameOfWhatTheyWrap() {
    RetryPolicy policy = RetryPolicy.defaults();
    VirtualClock clock = Clock.virtual();
    assertThat(A.retry(policy).name()).isEqualTo("a");
    assertThat(UPPER.retry(policy).name()).isEqualTo("upper");
    assertThat(Processors.retry((Processor) UPPER, policy).name()).isEqualTo("upper");
    assertThat(A.timeout(Duration.ofSeconds(1), clock).name()).isEqualTo("a");
    assertThat(UPPER.timeout(Duration.ofSeconds(1), clock).name()).isEqualTo("upper");
    assertThat(Processors.errorsAsParts(A).name()).isEqualTo("a");
    ProcessorCache cache = ProcessorCache.builder().build();
    assertThat(A.cached(cache).name()).isEqualTo("a");
    assertThat(Processors.cached((Processor) UPPER, cache).name()).isEqualTo("upper");
  }

  @Test
  void theShortcutsOfAStreamProcessorBuildWorkingStages() {
    ProcessorCache cache = ProcessorCache.builder().build();
    VirtualClock clock = Clock.virtual();
    assertThat(textsOf(A.retry(RetryPolicy.defaults()).apply(texts("x", "y"))))
        .containsExactly("x", "y");
    assertThat(textsOf(A.timeout(Duration.ofMinutes(1), clock).apply(texts("x"))))
        .containsExactly("x");
    assertThat(textsOf(A.cached(cache).apply(texts("x")))).containsExactly("x");
    assertThat(textsOf(A.cached(cache).apply(texts("x")))).containsExactly("x");
    assertThat(cache.hits()).isEqualTo(1);
    // A part processor given as a Processor is retried and cached per part.
    assertThat(Processors.retry((Processor) UPPER, RetryPolicy.defaults()))
        .isInstanceOf(PartProcessor.class);
    assertThat(textsOf(Processors.cached((Processor) UPPER, cache).apply(texts("q", "q"))))
        .containsExactly("Q", "Q");
  }

  @Test
  void aScanIsNamedByItsNameOrItsClassAndShowsItInToString() {
    Scan<Integer> counting =
        Scan.of("count", 0, (n, part) -> n + 1, (n, part) -> Optional.<ProcessorPart>empty());
    assertThat(counting.name()).isEqualTo("count");
    assertThat(counting).hasToString("Scan(count)");
    assertThat(new Tally().name()).isEqualTo("Tally");
    assertThat(Processors.scan(counting).name()).isEqualTo("count");
    assertThat(ScanStage.builder().build().name()).isEqualTo("scan");
    ScanStage named = ScanStage.builder().name("totals").operator(counting).build();
    assertThat(named.name()).isEqualTo("totals");
  }

  @Test
  void theBiggestRandomDrawLengthensTheWaitByTheWholeJitter() {
    RandomGenerator highest = () -> -1L; // nextDouble() just under 1
    RetryPolicy policy =
        RetryPolicy.builder()
            .initialDelay(Duration.ofSeconds(1))
            .jitter(0.5)
            .random(highest)
            .build();
    assertThat(policy.delayAfter(1, new RuntimeException("x")).toMillis())
        .isBetween(1_499L, 1_500L);
  }

  /** A scan that does not override {@link Scan#name()}. */
  private static final class Tally implements Scan<Integer> {
    @Override
    public Integer initial() {
      return 0;
    }

    @Override
    public Integer update(Integer state, ProcessorPart part) {
      return state + 1;
    }

    @Override
    public Optional<ProcessorPart> summary(Integer state, ProcessorPart part) {
      return Optional.empty();
    }
  }
}
