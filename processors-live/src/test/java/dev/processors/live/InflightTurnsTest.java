package dev.processors.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.testkit.LeakCheck;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link InflightIntents}' sliding window, its turns and its limits. */
@ExtendWith(LeakCheck.class) // no thread of a run outlives the test
@Timeout(60) // a run that never ends fails instead of hanging the build
class InflightTurnsTest {

  private static List<ProcessorPart> deltas(String... texts) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (String t : texts) {
      parts.add(ProcessorPart.text(t).withRole(ProcessorPart.MODEL));
    }
    return parts;
  }

  private static List<Content.FunctionCall> calls(List<ProcessorPart> out) {
    return out.stream()
        .filter(p -> p.content() instanceof Content.FunctionCall)
        .map(p -> (Content.FunctionCall) p.content())
        .toList();
  }

  @Test
  void aPhraseSplitAcrossTwoTurnsDoesNotFire() {
    InflightIntents intents =
        InflightIntents.builder().keyword("cancel", "cancel", m -> "cancelled").build();
    List<ProcessorPart> input = new ArrayList<>(deltas("I can"));
    input.add(ProcessorPart.endOfTurn());
    input.addAll(deltas("cel nothing"));
    assertThat(calls(intents.apply(input))).isEmpty();
    assertThat(intents.name()).isEqualTo("inflight[cancel]");
  }

  @Test
  void theWindowKeepsTheNewestCharactersOfALongAnswer() {
    InflightIntents intents =
        InflightIntents.builder().window(16).keyword("book", "book a table", m -> "booked").build();
    List<ProcessorPart> out =
        intents.apply(deltas("a long preamble that overflows the window, so book a", " table"));
    assertThat(calls(out)).extracting(Content.FunctionCall::name).containsExactly("book");
  }

  @Test
  void aKeywordAsLongAsTheWindowIsAllowedAndALongerOneIsNot() {
    InflightIntents intents =
        InflightIntents.builder().window(8).keyword("k", "12345678", m -> "ok").build();
    assertThat(calls(intents.apply(deltas("1234", "5678")))).hasSize(1);
    assertThatThrownBy(() -> InflightIntents.builder().window(8).keyword("k", "123456789", m -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("longer than the window");
  }

  @Test
  void aPredicateFiresOnTheWindowItAccepts() {
    InflightIntents intents =
        InflightIntents.builder().predicate("excited", v -> v.contains("!"), m -> "calm").build();
    List<Content.FunctionCall> calls = calls(intents.apply(deltas("hi ", "there!", " again!")));
    assertThat(calls).hasSize(1);
    assertThat(calls.get(0).argumentsNode().get("text").asText()).isEqualTo("hi there!");
  }

  @Test
  void withOneToolAtATimeTheSecondToolWaitsForTheFirst() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch betaStarted = new CountDownLatch(1);
    InflightIntents intents =
        InflightIntents.builder()
            .maxConcurrentTools(1)
            .keyword(
                "alpha",
                "alpha",
                m -> {
                  most.accumulateAndGet(running.incrementAndGet(), Math::max);
                  // Gives beta a second to (wrongly) start beside this one.
                  betaStarted.await(1, TimeUnit.SECONDS);
                  running.decrementAndGet();
                  return "a";
                })
            .keyword(
                "beta",
                "beta",
                m -> {
                  most.accumulateAndGet(running.incrementAndGet(), Math::max);
                  betaStarted.countDown();
                  running.decrementAndGet();
                  return "b";
                })
            .build();
    List<ProcessorPart> out = intents.apply(deltas("alpha beta"));
    assertThat(out.stream().filter(p -> p.content() instanceof Content.FunctionResponse))
        .hasSize(2);
    assertThat(most).hasValue(1);
    assertThatThrownBy(() -> InflightIntents.builder().maxConcurrentTools(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentTools");
  }

  @Test
  void aClassifierIsAskedInTheTurnAfterAnEndOfTurn() {
    ScriptedModel classifier = ScriptedModel.answering("yes");
    InflightIntents intents =
        InflightIntents.builder().model("refund", classifier, m -> "refund started").build();
    List<ProcessorPart> input = new ArrayList<>();
    input.add(ProcessorPart.endOfTurn());
    input.addAll(deltas("my money back please"));
    List<ProcessorPart> out = intents.apply(input);
    assertThat(calls(out)).extracting(Content.FunctionCall::name).containsExactly("refund");
  }

  @Test
  void aClassifierThatSaidNoIsAskedAgainAsTheAnswerGoesOn() throws Exception {
    ScriptedModel classifier = ScriptedModel.answering("no", "yes");
    CountDownLatch fired = new CountDownLatch(1);
    InflightIntents intents =
        InflightIntents.builder()
            .model(
                "refund",
                classifier,
                m -> {
                  fired.countDown();
                  return "refund started";
                })
            .build();
    PartQueue in = PartQueue.create();
    List<ProcessorPart> out = new ArrayList<>();
    try (ProcessorRun run = intents.start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.put(deltas("I want").get(0));
      out.add(it.next());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      // A delta is classified if it comes after the previous classification is over.
      while (!fired.await(20, TimeUnit.MILLISECONDS)) {
        assertThat(System.nanoTime() - deadline)
            .as("the classifier was never asked again")
            .isNegative();
        in.put(deltas(" more").get(0));
        out.add(it.next()); // the output never piles up
      }
      in.close();
      it.forEachRemaining(out::add);
    }
    assertThat(calls(out)).hasSize(1);
    assertThat(classifier.prompts.size()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aNewTurnDoesNotWaitForAClassificationOfTheLastOne() throws Exception {
    CountDownLatch firstAsked = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger asked = new AtomicInteger();
    Processor classifier =
        (in, out) -> {
          in.toList();
          if (asked.incrementAndGet() == 1) {
            firstAsked.countDown();
            releaseFirst.await();
            out.emit(ProcessorPart.text("no"));
          } else {
            out.emit(ProcessorPart.text("yes"));
          }
        };
    CountDownLatch fired = new CountDownLatch(1);
    InflightIntents intents =
        InflightIntents.builder()
            .model(
                "refund",
                classifier,
                m -> {
                  fired.countDown();
                  return m.text();
                })
            .build();
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = intents.start(in)) {
      in.put(deltas("the weather").get(0));
      assertThat(firstAsked.await(10, TimeUnit.SECONDS)).isTrue();
      in.put(ProcessorPart.endOfTurn());
      in.put(deltas("refund me").get(0)); // the first classification is still running
      boolean firedWhileFirstRuns = fired.await(10, TimeUnit.SECONDS);
      releaseFirst.countDown();
      in.close();
      List<Content.FunctionCall> calls = calls(run.toList());
      assertThat(firedWhileFirstRuns).isTrue();
      assertThat(calls).hasSize(1);
      assertThat(calls.get(0).argumentsNode().get("text").asText()).isEqualTo("refund me");
    }
  }

  @Test
  void aFailingClassifierBecomesADebugPartAndIsAskedAgainAsTheAnswerGoesOn() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Processor classifier =
        (in, out) -> {
          in.toList();
          if (asked.incrementAndGet() == 1) {
            throw new IllegalStateException("classifier down");
          }
          out.emit(ProcessorPart.text("yes"));
        };
    CountDownLatch fired = new CountDownLatch(1);
    InflightIntents intents =
        InflightIntents.builder()
            .model(
                "refund",
                classifier,
                m -> {
                  fired.countDown();
                  return "refund started";
                })
            .build();
    PartQueue in = PartQueue.create();
    List<ProcessorPart> out = new ArrayList<>();
    try (ProcessorRun run = intents.start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.put(deltas("money back").get(0));
      out.add(it.next());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!fired.await(20, TimeUnit.MILLISECONDS)) {
        assertThat(System.nanoTime() - deadline)
            .as("the classifier was never asked again")
            .isNegative();
        in.put(deltas(" please").get(0));
        out.add(it.next()); // the output never piles up
      }
      in.close();
      it.forEachRemaining(out::add);
    }
    assertThat(calls(out)).hasSize(1);
    assertThat(out)
        .anySatisfy(
            p -> {
              assertThat(p.substream()).isEqualTo(ProcessorPart.DEBUG);
              assertThat(p.text().orElseThrow())
                  .contains("intent classifier 'refund' failed")
                  .contains("classifier down");
            });
  }
}
