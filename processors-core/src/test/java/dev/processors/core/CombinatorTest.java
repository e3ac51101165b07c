package dev.processors.core;

import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinatorTest {

  private static PartProcessor suffix(String s) {
    return (part, out) -> out.emitText(part.text().orElseThrow() + s);
  }

  @Test
  void parallelConcatenatesEachPartsOutputsInProcessorOrder() {
    PartProcessor both = PartProcessor.parallel(suffix("-x"), suffix("-y"));
    assertThat(textsOf(both.apply(texts("1", "2")))).containsExactly("1-x", "1-y", "2-x", "2-y");
  }

  @Test
  void parallelSkipsBranchesThatDoNotMatchAndDropsPartsNoBranchMatchesAsInPython() {
    PartProcessor onlyText = Processors.mapText(t -> t + "!");
    PartProcessor onlyJson =
        new PartProcessor() {
          @Override
          public void process(ProcessorPart part, PartSink out) {
            out.emitText("json seen");
          }

          @Override
          public boolean matches(ProcessorPart part) {
            return part.content() instanceof Content.Json;
          }
        };
    List<ProcessorPart> input =
        List.of(ProcessorPart.text("a"), ProcessorPart.json("{}"), ProcessorPart.endOfTurn());
    assertThat(textsOf(PartProcessor.parallel(onlyText, onlyJson).apply(input)))
        .containsExactly("a!", "json seen");
    // Python's PASSTHROUGH_FALLBACK: the part itself when no branch emitted anything for it.
    assertThat(
            textsOf(
                PartProcessor.parallel(PartProcessor.PassThrough.FALLBACK, onlyText, onlyJson)
                    .apply(input)))
        .containsExactly("a!", "json seen", "<application/x-signal;kind=end_of_turn>");
    // Python's PASSTHROUGH_ALWAYS: the part after the branches' output, every time.
    assertThat(
            textsOf(
                PartProcessor.parallel(PartProcessor.PassThrough.ALWAYS, onlyText, onlyJson)
                    .apply(input)))
        .containsExactly(
            "a!",
            "a",
            "json seen",
            "<application/json>",
            "<application/x-signal;kind=end_of_turn>");
  }

  @Test
  void parallelFallbackPassesAPartWhoseMatchingBranchesEmittedNothing() {
    PartProcessor swallow = (part, out) -> {};
    assertThat(
            textsOf(
                PartProcessor.parallel(PartProcessor.PassThrough.FALLBACK, swallow)
                    .apply(texts("kept"))))
        .containsExactly("kept");
    assertThat(PartProcessor.parallel(swallow).apply(texts("dropped"))).isEmpty();
  }

  @Test
  void routeSendsPartsByMimeTypeAndPredicateKeepingTotalOrderForPartProcessors() {
    Processor router =
        Processors.route()
            .whenMimeType("audio/*", (PartProcessor) (p, out) -> out.emitText("audio"))
            .when(p -> p.text().orElse("").startsWith("#"), suffix("-tag"))
            .otherwise(suffix("-plain"))
            .build();
    List<ProcessorPart> out =
        router.apply(
            List.of(
                ProcessorPart.text("a"),
                ProcessorPart.audio(new byte[2], 8000),
                ProcessorPart.text("#b"),
                ProcessorPart.text("c")));
    assertThat(textsOf(out)).containsExactly("a-plain", "audio", "#b-tag", "c-plain");
  }

  @Test
  @org.junit.jupiter.api.Timeout(30) // before the fix, the run never ended
  void aStreamRouteThatStopsReadingTakesNoMorePartsAndTheOtherRoutesGoOn() {
    Processor firstOnly =
        (in, out) -> {
          if (in.hasNext()) {
            out.emitText("first " + in.next().text().orElseThrow());
          } // returns: it reads no more
        };
    Processor echo = (in, out) -> in.forEach(out::emit);
    Processor router =
        Processors.route().when(p -> p.text().orElse("").startsWith("#"), firstOnly).build();
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) { // several channel capacities for each route
      input.add(ProcessorPart.text("#" + i));
      input.add(ProcessorPart.text("plain " + i));
    }
    List<String> out = textsOf(Processor.chain(router, echo).apply(input));
    assertThat(out).contains("first #0").doesNotContain("first #1");
    assertThat(out.stream().filter(t -> t.startsWith("plain"))).hasSize(1_000);
    assertThat(out.stream().filter(t -> t.startsWith("#"))).isEmpty();
  }

  @Test
  void routeWithStreamProcessorsKeepsOrderWithinEachRoute() {
    Processor slowUpper =
        (in, out) -> {
          for (ProcessorPart p : in) {
            Thread.sleep(1);
            out.emitText(p.text().orElseThrow().toUpperCase());
          }
        };
    Processor router =
        Processors.route().when(p -> p.text().orElse("").startsWith("u"), slowUpper).build();
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      input.add(ProcessorPart.text((i % 2 == 0 ? "u" : "k") + i));
    }
    List<String> out = textsOf(router.apply(input));
    assertThat(out).hasSize(50);
    assertThat(out.stream().filter(s -> s.startsWith("U")).toList())
        .isEqualTo(
            input.stream()
                .map(p -> p.text().orElseThrow())
                .filter(s -> s.startsWith("u"))
                .map(String::toUpperCase)
                .toList());
    assertThat(out.stream().filter(s -> s.startsWith("k")).toList())
        .isEqualTo(
            input.stream()
                .map(p -> p.text().orElseThrow())
                .filter(s -> s.startsWith("k"))
                .toList());
  }

  @Test
  void routeNeedsARoute() {
    assertThatThrownBy(() -> Processors.route().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("at least one route");
  }

  @Test
  void parallelConcatGivesWholeOutputsInArgumentOrder() {
    Processor fast = suffix("-fast").asProcessor();
    Processor slow =
        (in, out) -> {
          for (ProcessorPart p : in) {
            Thread.sleep(5);
            out.emitText(p.text().orElseThrow() + "-slow");
          }
        };
    assertThat(textsOf(Processor.parallelConcat(slow, fast).apply(texts("1", "2"))))
        .containsExactly("1-slow", "2-slow", "1-fast", "2-fast");
  }

  @Test
  void parallelConcatFailsClearlyWhenALaterBranchBuffersTooMuch() {
    Processor waitsForInputEnd =
        (in, out) -> {
          in.toList();
          Thread.sleep(300);
          out.emitText("done");
        };
    Processor chatty =
        (in, out) -> {
          for (int i = 0; i < 100; i++) {
            out.emitText("x" + i);
          }
        };
    assertThatThrownBy(
            () -> Processor.parallelConcat(10, waitsForInputEnd, chatty).apply(texts("a")))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("buffered more than 10 parts");
  }

  @Test
  void mergeInterleavesButKeepsEachBranchsOrder() {
    Processor a = suffix("-a").asProcessor();
    Processor b = suffix("-b").asProcessor();
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      input.add(ProcessorPart.text(String.valueOf(i)));
    }
    List<String> out = textsOf(Processor.merge(a, b).apply(input));
    assertThat(out).hasSize(400);
    assertThat(out.stream().filter(s -> s.endsWith("-a")).toList())
        .isEqualTo(input.stream().map(p -> p.text().orElseThrow() + "-a").toList());
    assertThat(out.stream().filter(s -> s.endsWith("-b")).toList())
        .isEqualTo(input.stream().map(p -> p.text().orElseThrow() + "-b").toList());
  }
}
