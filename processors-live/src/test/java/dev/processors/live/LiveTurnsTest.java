package dev.processors.live;

import static dev.processors.live.ScriptedModel.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.PartQueue;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.LeakCheck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link LiveModelProcessor}'s turn taking: barge-ins, stashed input, long prompts, settings. */
@ExtendWith(LeakCheck.class) // no thread of a run outlives the test
@Timeout(60) // a conversation that never ends fails instead of hanging the build
class LiveTurnsTest {

  private static final String COMPLETE = "<application/x-signal;kind=generation_complete>";

  private static List<ProcessorPart> next(Iterator<ProcessorPart> it, int n) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(it.next());
    }
    return parts;
  }

  private static LiveModelProcessor.Builder onEndOfTurn(Processor model) {
    return LiveModelProcessor.builder(model).trigger(TriggerMode.END_OF_TURN);
  }

  @Test
  void inputStashedWhileTheModelSpeaksJoinsThePromptWhenTheUserBargesIn() throws Exception {
    ScriptedModel model = ScriptedModel.answering("one two three", "next").holdAfter(1);
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = onEndOfTurn(model).build().start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("first");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("one");
      assertThat(model.awaitEvent()).isEqualTo("prompt 0");
      assertThat(model.awaitEvent()).isEqualTo("holding");
      in.putText("wait"); // said while the model speaks: stashed
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("next");
      in.close();
    }
    assertThat(texts(model.prompts.get(1))).containsExactly("first", "one", "wait");
  }

  @Test
  void withoutATrackerABargeInAfterTheAnswerInterruptsWhatMayStillPlayOnce() throws Exception {
    ScriptedModel model = ScriptedModel.answering("a b", "c");
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = onEndOfTurn(model).build().start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("q");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 3))).containsExactly("a", "b", COMPLETE);
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH)); // nothing is playing any more
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("c");
      in.close();
    }
    assertThat(texts(model.prompts.get(1))).containsExactly("q", "a", "b");
  }

  @Test
  void whenTheInputFailsMidAnswerTheAnswerStopsSilentlyAndTheRunFailsWithTheInputsError()
      throws Exception {
    ScriptedModel model = ScriptedModel.answering("one two three").holdAfter(1);
    PartQueue in = PartQueue.create();
    List<ProcessorPart> out = new ArrayList<>();
    try (ProcessorRun run = onEndOfTurn(model).build().start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("first");
      in.put(ProcessorPart.endOfTurn());
      out.add(it.next());
      assertThat(model.awaitEvent()).isEqualTo("prompt 0");
      assertThat(model.awaitEvent()).isEqualTo("holding");
      in.fail(new IllegalStateException("microphone unplugged"));
      assertThatThrownBy(() -> it.forEachRemaining(out::add))
          .hasStackTraceContaining("microphone unplugged");
    }
    assertThat(texts(out)).containsExactly("one");
    assertThat(model.interrupted.getCount()).as("the model was stopped").isZero();
  }

  @Test
  void aLongConversationIsHandedToTheModelWhole() {
    ScriptedModel model = ScriptedModel.answering("ok");
    List<ProcessorPart> input = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      input.add(ProcessorPart.text("line " + i));
    }
    input.add(ProcessorPart.endOfTurn());
    List<ProcessorPart> out = onEndOfTurn(model).build().apply(input);
    assertThat(texts(out)).containsExactly("ok", COMPLETE);
    assertThat(model.prompts.get(0)).hasSize(300);
  }

  @Test
  void anEagerAnswerNobodyTriggeredIsDroppedWhenTheInputEnds() {
    ScriptedModel model = ScriptedModel.answering("never said");
    List<ProcessorPart> out =
        onEndOfTurn(model).eagerStart(true).build().apply(List.of(ProcessorPart.text("hello")));
    assertThat(out).isEmpty();
    assertThat(model.prompts).isEmpty();
  }

  @Test
  void aFailedModelIsReportedWithItsOwnErrorType() {
    Processor failing =
        (in, out) -> {
          in.toList();
          throw new IllegalStateException("quota exceeded");
        };
    List<ProcessorPart> out =
        onEndOfTurn(failing)
            .build()
            .apply(List.of(ProcessorPart.text("hi"), ProcessorPart.endOfTurn()));
    assertThat(texts(out))
        .containsExactly("the model failed: IllegalStateException: quota exceeded", COMPLETE);
  }

  @Test
  void eachRunGetsAPromptFromTheGivenFactory() {
    ScriptedModel model = ScriptedModel.answering("ok");
    LiveModelProcessor agent =
        onEndOfTurn(model).prompt(() -> RollingPrompt.builder().maxParts(2).build()).build();
    agent.apply(
        List.of(
            ProcessorPart.text("a"),
            ProcessorPart.text("b"),
            ProcessorPart.text("c"),
            ProcessorPart.endOfTurn()));
    List<ProcessorPart> prompt = model.prompts.get(0);
    assertThat(prompt).hasSize(2);
    assertThat(prompt.get(0).metadata()).containsEntry(RollingPrompt.SUMMARY, true);
    assertThat(prompt.get(1)).isEqualTo(ProcessorPart.text("c"));
  }

  @Test
  void theDefaultPromptsWindowRunsOnTheGivenClock() throws Exception {
    VirtualClock clock = Clock.virtual();
    ScriptedModel model = ScriptedModel.answering("hello", "again");
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = onEndOfTurn(model).clock(clock).build().start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("old");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 2))).containsExactly("hello", COMPLETE);
      clock.advance(Duration.ofMinutes(11)); // past the default 10-minute window
      in.putText("new");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("again");
      in.close();
    }
    List<ProcessorPart> prompt = model.prompts.get(1);
    assertThat(prompt.get(0).metadata()).containsEntry(RollingPrompt.SUMMARY, true);
    assertThat(prompt.get(0).text().orElseThrow()).contains("user: old");
    assertThat(texts(prompt)).doesNotContain("old").endsWith("new");
  }

  @Test
  void settingsAreCheckedAndTheNameShowsTheModel() {
    ScriptedModel model = ScriptedModel.answering("ok");
    assertThat(LiveModelProcessor.builder(model).build().name())
        .isEqualTo("live(" + model.name() + ")");
    assertThatThrownBy(() -> LiveModelProcessor.builder(model).wordsPerSecond(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wordsPerSecond");
  }
}
