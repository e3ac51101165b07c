package dev.processors.core;

import static dev.processors.core.TestProcessors.marker;
import static dev.processors.core.TestProcessors.texts;
import static dev.processors.core.TestProcessors.textsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ChainTest {

  @Test
  void fusedMarkerChainGivesOneExactInterleaving() {
    PartProcessor chain = marker("a").andThen(marker("b")).andThen(marker("c"));
    List<ProcessorPart> out = chain.apply(texts("1", "2"));
    // c sees: b's output of (a, 1) etc.; each stage prefixes every part it receives.
    assertThat(textsOf(out))
        .containsExactly(
            "c", "b", "c", "a", "c", "b", "c", "1", "c", "b", "c", "a", "c", "b", "c", "2");
  }

  @Test
  void sameInterleavingWhenEveryStageIsOnItsOwnThread() {
    Processor hopped =
        Processor.chain(threaded(marker("a")), threaded(marker("b")), threaded(marker("c")));
    assertThat(textsOf(hopped.apply(texts("1", "2"))))
        .isEqualTo(
            textsOf(marker("a").andThen(marker("b")).andThen(marker("c")).apply(texts("1", "2"))));
  }

  @Test
  void chainedPartProcessorsAreFusedIntoOneStage() {
    Processor chain = Processor.chain(marker("a"), marker("b"));
    assertThat(chain).isInstanceOf(FusedPartProcessor.class);
    Processor mixed = marker("a").andThen(threaded(marker("x"))).andThen(marker("b"));
    assertThat(((Pipeline) mixed).stages()).hasSize(3);
  }

  @Test
  void partsAProcessorDoesNotMatchPassThroughUntouched() {
    PartProcessor upper = Processors.mapText(String::toUpperCase);
    List<ProcessorPart> out =
        upper.apply(
            List.of(ProcessorPart.text("hi"), ProcessorPart.endOfTurn(), ProcessorPart.text("yo")));
    assertThat(textsOf(out)).containsExactly("HI", "<application/x-signal;kind=end_of_turn>", "YO");
  }

  @Test
  void mapFilterAndPassThrough() {
    PartProcessor p =
        Processors.filter(ProcessorPart::isText)
            .andThen(Processors.map(x -> x.withRole("model")))
            .andThen(Processors.passThrough());
    List<ProcessorPart> out = p.apply(List.of(ProcessorPart.text("a"), ProcessorPart.endOfTurn()));
    assertThat(out).containsExactly(ProcessorPart.text("a").withRole("model"));
  }

  @Test
  void outOfBandPartsSkipTheLaterStagesOfAFusedChain() {
    List<String> seenByLater = new ArrayList<>();
    PartProcessor first =
        (part, out) -> {
          out.emit(ProcessorPart.status("working on " + part.text().orElse("")));
          out.emit(part);
        };
    PartProcessor later =
        (part, out) -> {
          seenByLater.add(part.text().orElse(""));
          out.emit(part);
        };
    List<ProcessorPart> out = first.andThen(later).apply(texts("x"));
    assertThat(seenByLater).containsExactly("x");
    assertThat(out).contains(ProcessorPart.status("working on x"), ProcessorPart.text("x"));
  }

  @Test
  void outOfBandPartsSkipLaterThreadedStagesAndReachTheOutputFirst() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Processor first =
        (in, out) -> {
          for (ProcessorPart p : in) {
            out.emit(p);
          }
          out.emit(ProcessorPart.status("first is done"));
        };
    Processor slow =
        (in, out) -> {
          for (ProcessorPart p : in) {
            release.await();
            out.emit(p);
          }
        };
    try (ProcessorRun run = first.andThen(slow).start(texts("data"))) {
      var it = run.iterator();
      assertThat(it.next()).isEqualTo(ProcessorPart.status("first is done"));
      release.countDown();
      assertThat(it.next()).isEqualTo(ProcessorPart.text("data"));
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void concurrentKeepsInputOrderWhenLaterPartsFinishFirst() {
    PartProcessor slowFirst =
        (part, out) -> {
          String t = part.text().orElseThrow();
          Thread.sleep(t.equals("1") ? 200 : 1);
          out.emitText(t + "a");
          out.emitText(t + "b");
        };
    List<ProcessorPart> out = slowFirst.concurrent(4).apply(texts("1", "2", "3"));
    assertThat(textsOf(out)).containsExactly("1a", "1b", "2a", "2b", "3a", "3b");
  }

  @Test
  void concurrentNeverHasMoreThanMaxInFlightPartsInFlight() {
    java.util.concurrent.atomic.AtomicInteger inFlight =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger peak =
        new java.util.concurrent.atomic.AtomicInteger();
    PartProcessor p =
        (part, out) -> {
          peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
          Thread.sleep(2);
          inFlight.decrementAndGet();
          out.emit(part);
        };
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      input.add(ProcessorPart.text("p" + i));
    }
    List<ProcessorPart> out = p.concurrent(3).apply(input);
    assertThat(out).isEqualTo(input);
    assertThat(peak.get()).isBetween(2, 3);
  }

  @Test
  void processorStartsConsumingBeforeInputEnds() throws Exception {
    PartQueue input = PartQueue.create(4);
    Processor echo = Processors.mapText(t -> "echo " + t).asProcessor();
    try (ProcessorRun run = echo.start(input)) {
      var it = run.iterator();
      input.putText("one");
      assertThat(it.next().text()).hasValue("echo one");
      input.putText("two");
      assertThat(it.next().text()).hasValue("echo two");
      input.close();
      assertThat(it.hasNext()).isFalse();
    }
  }

  @Test
  void aStageThatStopsReadingEarlyEndsItsUpstreamQuietly() {
    Processor endless =
        (in, out) -> {
          for (int i = 0; ; i++) {
            out.emitText("n" + i);
          }
        };
    Processor firstThree =
        (in, out) -> {
          for (int i = 0; i < 3 && in.hasNext(); i++) {
            out.emit(in.next());
          }
        };
    assertThat(textsOf(endless.andThen(firstThree).apply(List.of())))
        .containsExactly("n0", "n1", "n2");
  }

  @Test
  void instancesAreReusableByManyRunsAtOnce() throws Exception {
    PartProcessor chain = marker("m").andThen(Processors.mapText(String::toUpperCase));
    Processor pipeline = chain.andThen(threaded(Processors.passThrough()));
    List<Thread> threads = new ArrayList<>();
    List<List<String>> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < 20; i++) {
      String label = "r" + i;
      threads.add(Thread.ofVirtual().start(() -> results.add(textsOf(pipeline.apply(label)))));
    }
    for (Thread t : threads) {
      assertThat(t.join(java.time.Duration.ofSeconds(10))).isTrue();
    }
    assertThat(results)
        .hasSize(20)
        .allSatisfy(r -> assertThat(r).hasSize(2).first().isEqualTo("M"));
  }

  @Test
  void aStageDecoratorSeesEveryStageByNameAndTheOutputIsUnchanged() {
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    StageDecorator tracing =
        (name, stage) -> {
          seen.add(name);
          return stage;
        };
    Processor pipeline =
        marker("a")
            .named("first")
            .andThen(threaded(marker("b")).named("second"))
            .andThen(Processors.passThrough());
    RunOptions options = RunOptions.defaults().withStageDecorator(tracing);
    try (ProcessorRun run = pipeline.start(texts("1"), options)) {
      assertThat(textsOf(run.toList())).isEqualTo(textsOf(pipeline.apply(texts("1"))));
    }
    assertThat(seen).containsExactlyInAnyOrder("first", "second", "passThrough");
    seen.clear();
    Processors.passThrough().asProcessor().start(texts("x"), options).close();
    assertThat(seen).containsExactly("passThrough");
  }

  @Test
  void applyOfTextRunsOneTextPart() {
    assertThat(Processors.mapText(s -> s + "!").apply("hi"))
        .containsExactly(ProcessorPart.text("hi!"));
  }

  static Processor threaded(PartProcessor p) {
    // A stream processor (not fused) doing what p does, so each gets its own thread.
    return (in, out) -> {
      for (ProcessorPart part : in) {
        p.process(part, out);
      }
    };
  }

  @Test
  void namesAreReadable() {
    assertThat(Processors.passThrough().name()).isEqualTo("passThrough");
    assertThat(marker("x").named("marker").name()).isEqualTo("marker");
    assertThat(marker("x").name()).startsWith("lambda in");
  }
}
