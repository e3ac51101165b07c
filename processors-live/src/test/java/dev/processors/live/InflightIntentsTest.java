package dev.processors.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.testkit.LeakCheck;
import dev.processors.testkit.RecordingThreadFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class) // no thread of a run outlives the test
class InflightIntentsTest {

  private static List<ProcessorPart> deltas(String... texts) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (String t : texts) {
      parts.add(ProcessorPart.text(t).withRole(ProcessorPart.MODEL));
    }
    return parts;
  }

  private static List<String> calls(List<ProcessorPart> out) {
    return out.stream()
        .filter(p -> p.content() instanceof Content.FunctionCall)
        .map(p -> ((Content.FunctionCall) p.content()).name())
        .toList();
  }

  @Test
  void aPhraseSplitAcrossDeltasFiresExactlyOnce() {
    AtomicInteger runs = new AtomicInteger();
    InflightIntents intents =
        InflightIntents.builder()
            .keyword(
                "schedule_meeting",
                "schedule a meeting",
                m -> Map.of("slot", "10:00", "run", runs.incrementAndGet()))
            .build();
    List<ProcessorPart> out =
        intents.apply(
            deltas(
                "Sure, I will SCHED",
                "ule a  meet",
                "ing for you. ",
                "Shall I schedule a meeting",
                " again?"));
    assertThat(calls(out)).containsExactly("schedule_meeting");
    assertThat(runs).hasValue(1);
    ProcessorPart response =
        out.stream()
            .filter(p -> p.content() instanceof Content.FunctionResponse)
            .findFirst()
            .orElseThrow();
    Content.FunctionResponse r = (Content.FunctionResponse) response.content();
    assertThat(r.responseNode().get("slot").asText()).isEqualTo("10:00");
    Content.FunctionCall call =
        (Content.FunctionCall)
            out.stream()
                .filter(p -> p.content() instanceof Content.FunctionCall)
                .findFirst()
                .orElseThrow()
                .content();
    assertThat(r.id()).isEqualTo(call.id());
    // The call comes right after the delta that completed the phrase, before the later deltas.
    List<String> order =
        out.stream().map(p -> p.text().orElse(p.content().getClass().getSimpleName())).toList();
    assertThat(order.indexOf("FunctionCall")).isEqualTo(order.indexOf("ing for you. ") + 1);
  }

  @Test
  void theToolStartsWhileTheAnswerIsStillStreaming() throws Exception {
    CountDownLatch toolStarted = new CountDownLatch(1);
    boolean[] sawToolBeforeEnd = {false};
    Processor model =
        (in, out) -> {
          in.toList();
          out.emit(
              ProcessorPart.text("Let me check the weather in ").withRole(ProcessorPart.MODEL));
          out.emit(ProcessorPart.text("Paris for you").withRole(ProcessorPart.MODEL));
          sawToolBeforeEnd[0] = toolStarted.await(5, TimeUnit.SECONDS);
          out.emit(ProcessorPart.text(". One moment.").withRole(ProcessorPart.MODEL));
        };
    InflightIntents intents =
        InflightIntents.builder()
            .regex(
                "get_weather",
                Pattern.compile("weather in (\\w+)"),
                m -> {
                  toolStarted.countDown();
                  return Map.of("city", m.groups().get(0), "sky", "clear");
                })
            .build();
    List<ProcessorPart> out = model.andThen(intents).apply("weather?");
    assertThat(sawToolBeforeEnd[0]).as("the tool started before the answer ended").isTrue();
    Content.FunctionResponse r =
        (Content.FunctionResponse)
            out.stream()
                .filter(p -> p.content() instanceof Content.FunctionResponse)
                .findFirst()
                .orElseThrow()
                .content();
    assertThat(r.responseNode().get("city").asText()).isEqualTo("Paris");
    Content.FunctionCall c =
        (Content.FunctionCall)
            out.stream()
                .filter(p -> p.content() instanceof Content.FunctionCall)
                .findFirst()
                .orElseThrow()
                .content();
    assertThat(c.argumentsNode().get("groups").get(0).asText()).isEqualTo("Paris");
  }

  @Test
  void eachIntentFiresOncePerTurnAndAgainInTheNextTurn() {
    InflightIntents intents =
        InflightIntents.builder().keyword("greet", "hello", m -> "hi").build();
    List<ProcessorPart> input = new ArrayList<>(deltas("hello hello", "hello"));
    input.add(ProcessorPart.endOfTurn());
    input.addAll(deltas("well, hello"));
    assertThat(calls(intents.apply(input))).containsExactly("greet", "greet");
  }

  @Test
  void aFailingToolAnswersWithAnErrorAndTheStreamGoesOn() {
    InflightIntents intents =
        InflightIntents.builder()
            .keyword(
                "book",
                "book a table",
                m -> {
                  throw new IllegalStateException("restaurant closed");
                })
            .build();
    List<ProcessorPart> out = intents.apply(deltas("I will book a table", " now."));
    Content.FunctionResponse r =
        (Content.FunctionResponse)
            out.stream()
                .filter(p -> p.content() instanceof Content.FunctionResponse)
                .findFirst()
                .orElseThrow()
                .content();
    assertThat(r.isError()).isTrue();
    assertThat(r.responseNode().get("error").asText()).contains("restaurant closed");
    assertThat(out).contains(ProcessorPart.text(" now.").withRole(ProcessorPart.MODEL));
  }

  @Test
  void aModelCanBeTheMatcher() {
    ScriptedModel classifier = ScriptedModel.answering("Yes");
    InflightIntents intents =
        InflightIntents.builder().model("refund", classifier, m -> "refund started").build();
    List<ProcessorPart> out = intents.apply(deltas("I want my money back"));
    assertThat(calls(out)).containsExactly("refund");
    assertThat(ScriptedModel.texts(classifier.prompts.get(0))).contains("I want my money back");
  }

  @Test
  void toolsAndClassifiersAreTasksOfTheRunAndClosingTheRunCancelsThem() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    List<Thread> workers = new CopyOnWriteArrayList<>();
    CountDownLatch toolRunning = new CountDownLatch(1);
    CountDownLatch toolInterrupted = new CountDownLatch(1);
    ScriptedModel scripted = ScriptedModel.answering("yes");
    Processor classifier =
        (in, out) -> {
          workers.add(Thread.currentThread()); // the classification's nested run
          scripted.process(in, out);
        };
    InflightIntents intents =
        InflightIntents.builder()
            .model("refund", classifier, m -> "refund started")
            .keyword(
                "slow_lookup",
                "look it up",
                m -> {
                  workers.add(Thread.currentThread());
                  toolRunning.countDown();
                  try {
                    new CountDownLatch(1).await();
                  } catch (InterruptedException e) {
                    toolInterrupted.countDown();
                    throw e;
                  }
                  return "never";
                })
            .build();
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = intents.start(in, threads.options())) {
      Iterator<ProcessorPart> it = run.iterator();
      in.put(deltas("I want my money back").get(0));
      List<ProcessorPart> seen = new ArrayList<>();
      while (seen.stream().noneMatch(p -> p.content() instanceof Content.FunctionResponse)) {
        seen.add(it.next()); // the delta, the refund call, its response
      }
      assertThat(calls(seen)).containsExactly("refund");
      in.put(deltas(" Let me look it up.").get(0));
      assertThat(toolRunning.await(10, TimeUnit.SECONDS)).isTrue();
    } // closed while the lookup still runs
    assertThat(toolInterrupted.await(0, TimeUnit.SECONDS)).isTrue();
    assertThat(workers).hasSize(2).allSatisfy(t -> assertThat(threads.made(t)).isTrue());
    assertThat(threads.names())
        .contains(
            "processors:intent classifier refund",
            "processors:inflight tool refund",
            "processors:inflight tool slow_lookup");
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void anErrorInAToolFailsTheRunNamingTheTool() {
    InflightIntents intents =
        InflightIntents.builder()
            .keyword(
                "book",
                "book a table",
                m -> {
                  throw new AssertionError("tool bug");
                })
            .build();
    assertThatThrownBy(() -> intents.apply(deltas("I will book a table")))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("inflight tool book")
        .hasRootCauseMessage("tool bug");
  }

  @Test
  void badDeclarationsAreRejected() {
    assertThatThrownBy(() -> InflightIntents.builder().build())
        .hasMessageContaining("at least one intent");
    assertThatThrownBy(() -> InflightIntents.builder().keyword("a", "  ", m -> 1))
        .hasMessageContaining("blank");
    assertThatThrownBy(
            () -> InflightIntents.builder().keyword("a", "x", m -> 1).keyword("a", "y", m -> 1))
        .hasMessageContaining("declared twice");
  }
}
