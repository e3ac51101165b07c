package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** Behaviour that users porting genai-processors code expect, one rule per test. */
class GenaiProcessorsSemanticsTest {

  private static final PartProcessor SHOUT = Processors.mapText(String::toUpperCase);

  @Test
  void substreamsStartingWithAReservedNameAreOutOfBand() {
    assertThat(ProcessorPart.text("x").withSubstream("debug_model").isOutOfBand()).isTrue();
    assertThat(ProcessorPart.text("x").withSubstream("status_tools").isOutOfBand()).isTrue();
    assertThat(ProcessorPart.text("x").withSubstream("ui.cards").isOutOfBand()).isTrue();
    assertThat(ProcessorPart.text("x").withSubstream("answer").isOutOfBand()).isFalse();
    assertThat(ProcessorPart.text("x").withSubstream("my_debug").isOutOfBand()).isFalse();

    PartProcessor emitDebugX = (part, out) -> out.emit(part.withSubstream("debug_x"));
    // debug_x skips the later stage, so it is not shouted.
    List<ProcessorPart> out = emitDebugX.andThen(SHOUT).apply("quiet");
    assertThat(out).containsExactly(ProcessorPart.text("quiet").withSubstream("debug_x"));
  }

  @Test
  void aRunCanReplaceTheReservedSet() {
    PartProcessor tag = (part, out) -> out.emit(part.withSubstream(part.text().orElseThrow()));
    Processor pipeline = tag.andThen(SHOUT);
    List<ProcessorPart> input = texts("trace", "debug");
    RunOptions traceOnly = RunOptions.defaults().withReservedSubstreams(Set.of("trace"));
    try (ProcessorRun run = pipeline.start(input, traceOnly)) {
      // "trace" is out-of-band now (not shouted); "debug" is ordinary data (shouted).
      assertThat(run.toList())
          .containsExactlyInAnyOrder(
              ProcessorPart.text("trace").withSubstream("trace"),
              ProcessorPart.text("DEBUG").withSubstream("debug"));
    }
    try (ProcessorRun run = pipeline.start(input, RunOptions.defaults())) {
      assertThat(run.toList())
          .containsExactlyInAnyOrder(
              ProcessorPart.text("TRACE").withSubstream("trace"),
              ProcessorPart.text("debug").withSubstream("debug"));
    }
  }

  @Test
  void aMergeMemberThatEndsWithACancellationJustEndsAndTheOthersGoOn() {
    Processor givesUp =
        (in, out) -> {
          out.emitText("first");
          throw new CancellationException("this member stops here");
        };
    Processor echo = (in, out) -> in.forEachRemaining(out::emit);
    List<String> out = textsOf(Processor.merge(givesUp, echo).apply(texts("a", "b", "c")));
    assertThat(out).containsExactlyInAnyOrder("first", "a", "b", "c");
    assertThat(out.stream().filter(s -> !s.equals("first")).toList())
        .containsExactly("a", "b", "c");
  }

  @Test
  void parallelConcatAndMergeOfNothingAreEmptyStreams() {
    assertThat(Processor.parallelConcat().apply(texts("a", "b"))).isEmpty();
    assertThat(Processor.merge().apply(texts("a", "b"))).isEmpty();
    Processor after = Processor.chain(Processor.merge(), SHOUT);
    assertThat(after.apply(texts("a"))).isEmpty();
  }

  @Test
  void equalityIgnoresCaptureTimeAndTheCaseOfRoleAndSubstream() {
    ProcessorPart a = ProcessorPart.text("hi").withMetadata(ProcessorPart.CAPTURE_TIME, 1L);
    ProcessorPart b = ProcessorPart.text("hi").withMetadata(ProcessorPart.CAPTURE_TIME, 2L);
    ProcessorPart c = ProcessorPart.text("hi");
    assertThat(a).isEqualTo(b).isEqualTo(c).hasSameHashCodeAs(b).hasSameHashCodeAs(c);

    ProcessorPart upper = ProcessorPart.text("hi").withRole("MODEL").withSubstream("Answer");
    ProcessorPart lower = ProcessorPart.text("hi").withRole("model").withSubstream("answer");
    assertThat(upper).isEqualTo(lower).hasSameHashCodeAs(lower);

    assertThat(ProcessorPart.text("hi").withMetadata("k", 1L))
        .isNotEqualTo(ProcessorPart.text("hi").withMetadata("k", 2L));
    assertThat(ProcessorPart.text("hi")).isNotEqualTo(ProcessorPart.text("Hi"));
  }

  @Test
  void inlineLambdasCompileInEveryCombinatorWithoutCasts() {
    Processor source = (in, out) -> in.forEachRemaining(out::emit);
    // A stream-processor lambda after a processor, a part processor after it, mixed chains.
    Processor pipeline =
        source
            .andThen((in, out) -> in.forEachRemaining(p -> out.emitText(p.text().orElse("") + "!")))
            .andThen(SHOUT);
    assertThat(textsOf(pipeline.apply("hi"))).containsExactly("HI!");
    Processor mixed =
        Processor.chain(SHOUT, (in, out) -> in.forEachRemaining(out::emit), SHOUT.named("again"));
    assertThat(textsOf(mixed.apply("ok"))).containsExactly("OK");
    PartProcessor fused = SHOUT.andThen((part, out) -> out.emitText(part.text().orElse("") + "?"));
    assertThat(textsOf(fused.apply("why"))).containsExactly("WHY?");
  }

  @Test
  void retryTimeoutAndCachedReadAsChainedMethods() {
    ProcessorCache cache = ProcessorCache.builder().build();
    PartProcessor wrapped =
        SHOUT
            .retry(RetryPolicy.builder().maxAttempts(2).build())
            .timeout(java.time.Duration.ofSeconds(30), Clock.system())
            .cached(cache);
    assertThat(textsOf(wrapped.apply("x"))).containsExactly("X");
    assertThat(textsOf(wrapped.apply("x"))).containsExactly("X");
    assertThat(cache.size()).isEqualTo(1);
  }
}
