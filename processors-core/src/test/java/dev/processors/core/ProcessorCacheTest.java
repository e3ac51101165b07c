package dev.processors.core;

import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** What a processor cache reports and keeps, and what a cached processor still is. */
class ProcessorCacheTest {

  private static PartProcessor counting(AtomicInteger calls) {
    return (part, out) -> {
      calls.incrementAndGet();
      out.emitText(part.text().orElseThrow().toUpperCase());
    };
  }

  @Test
  void theCacheCountsHitsAndMissesAndForgetsEverythingWhenCleared() {
    ProcessorCache cache = ProcessorCache.builder().clock(Clock.virtual()).build();
    AtomicInteger calls = new AtomicInteger();
    PartProcessor cached = Processors.cached(counting(calls), cache);
    assertThat(textsOf(cached.apply(TestProcessors.texts("a", "b", "a"))))
        .containsExactly("A", "B", "A");
    assertThat(cache.misses()).isEqualTo(2);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.size()).isEqualTo(2);
    cache.clear();
    assertThat(cache.size()).isZero();
    cached.apply(TestProcessors.texts("a"));
    assertThat(calls).as("cleared: computed again").hasValue(3);
  }

  @Test
  void expiredEntriesNoLongerCountInTheSize() {
    VirtualClock clock = Clock.virtual();
    ProcessorCache cache =
        ProcessorCache.builder().expireAfterWrite(Duration.ofMinutes(1)).clock(clock).build();
    Processors.cached(counting(new AtomicInteger()), cache).apply(TestProcessors.texts("a", "b"));
    assertThat(cache.size()).isEqualTo(2);
    clock.advance(Duration.ofMinutes(2));
    assertThat(cache.size()).isZero();
  }

  @Test
  void theCacheKeepsUpToItsMaximumSizeAndASizeOfZeroKeepsNothing() {
    AtomicInteger calls = new AtomicInteger();
    ProcessorCache two = ProcessorCache.builder().maximumSize(2).clock(Clock.virtual()).build();
    PartProcessor cached = Processors.cached(counting(calls), two);
    cached.apply(TestProcessors.texts("a", "b", "a", "b"));
    assertThat(calls).as("both kept").hasValue(2);
    assertThat(two.size()).isEqualTo(2);
    ProcessorCache none = ProcessorCache.builder().maximumSize(0).clock(Clock.virtual()).build();
    Processors.cached(counting(calls), none).apply(TestProcessors.texts("a", "a"));
    assertThat(calls).as("nothing kept").hasValue(4);
    assertThat(none.size()).isZero();
  }

  @Test
  void aCachedProcessorKeepsTheNameAndTheFilterOfTheOneItWraps() {
    ProcessorCache cache = ProcessorCache.builder().build();
    PartProcessor onlyA =
        counting(new AtomicInteger()).named("upper").matching(p -> p.text().orElse("").equals("a"));
    PartProcessor cached = Processors.cached(onlyA, cache);
    assertThat(cached.name()).isEqualTo("upper");
    assertThat(cached.matches(ProcessorPart.text("a"))).isTrue();
    assertThat(cached.matches(ProcessorPart.text("b"))).isFalse();
    Processor whole = (in, out) -> in.forEachRemaining(out::emit);
    assertThat(Processors.cached(whole.named("echo"), cache).name()).isEqualTo("echo");
  }
}
