package dev.processors.live;

import static dev.processors.live.ScriptedModel.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.PartQueue;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.testkit.LeakCheck;
import dev.processors.testkit.RecordingThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LeakCheck.class) // no thread of a run outlives the test
class LiveModelProcessorTest {

  private static ProcessorPart finalTranscript(String text) {
    return ProcessorPart.text(text)
        .withSubstream(LiveModelProcessor.INPUT_TRANSCRIPTION)
        .withMetadata(LiveModelProcessor.FINAL, true);
  }

  private static List<ProcessorPart> next(Iterator<ProcessorPart> it, int n) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      parts.add(it.next());
    }
    return parts;
  }

  @Test
  void explicitEndOfTurnTriggersAnAnswerTaggedWithItsUtterance() {
    ScriptedModel model = ScriptedModel.answering("hello there");
    LiveModelProcessor agent =
        LiveModelProcessor.builder(model).trigger(TriggerMode.END_OF_TURN).build();
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = agent.start(in)) {
      in.putText("hi");
      in.put(ProcessorPart.endOfTurn());
      List<ProcessorPart> out = next(run.iterator(), 3);
      assertThat(texts(out))
          .containsExactly("hello", "there", "<application/x-signal;kind=generation_complete>");
      String id = out.get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
      assertThat(out)
          .allSatisfy(
              p -> assertThat(p.metadata()).containsEntry(PlaybackTracker.UTTERANCE_ID, id));
      assertThat(out.get(0).role()).isEqualTo(ProcessorPart.MODEL);
      in.close();
    }
    assertThat(texts(model.prompts.get(0))).containsExactly("hi");
  }

  @Test
  void endOfSpeechTriggersOnlyInEndOfSpeechMode() throws Exception {
    ScriptedModel model = ScriptedModel.answering("ok");
    PartQueue in = PartQueue.create();
    try (ProcessorRun run =
        LiveModelProcessor.builder(model).trigger(TriggerMode.END_OF_SPEECH).build().start(in)) {
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      in.put(ProcessorPart.audio(new byte[320], 16000));
      in.put(ProcessorPart.signal(SignalKind.END_OF_SPEECH));
      assertThat(texts(next(run.iterator(), 1))).containsExactly("ok");
      assertThat(model.prompts.get(0).get(0).mimeType()).isEqualTo("audio/pcm;rate=16000");
      in.close();
    }
    ScriptedModel other = ScriptedModel.answering("never");
    List<ProcessorPart> out =
        LiveModelProcessor.builder(other)
            .trigger(TriggerMode.FINAL_TRANSCRIPTION)
            .build()
            .apply(
                List.of(
                    ProcessorPart.audio(new byte[320], 16000),
                    ProcessorPart.signal(SignalKind.END_OF_SPEECH)));
    assertThat(out).isEmpty();
    assertThat(other.prompts).isEmpty();
  }

  @Test
  void finalTranscriptionTriggersAndPartialOnesAreIgnored() {
    ScriptedModel model = ScriptedModel.answering("sure");
    List<ProcessorPart> out =
        LiveModelProcessor.builder(model)
            .build()
            .apply(
                List.of(
                    ProcessorPart.text("book a")
                        .withSubstream(LiveModelProcessor.INPUT_TRANSCRIPTION),
                    finalTranscript("book a table")));
    assertThat(texts(out)).startsWith("sure");
    assertThat(texts(model.prompts.get(0))).containsExactly("book a table");
    assertThat(model.prompts.get(0).get(0).substream()).isEmpty();
  }

  @Test
  void inputWhileTheModelSpeaksIsStashedAndLandsInTheNextTurnInOrder() throws Exception {
    ScriptedModel model = ScriptedModel.answering("one two three", "again").holdAfter(1);
    PartQueue in = PartQueue.create();
    LiveModelProcessor agent =
        LiveModelProcessor.builder(model)
            .trigger(TriggerMode.END_OF_TURN)
            .systemInstruction("be brief")
            .build();
    try (ProcessorRun run = agent.start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("first");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("one");
      assertThat(model.awaitEvent()).isEqualTo("prompt 0");
      assertThat(model.awaitEvent()).isEqualTo("holding");
      in.putText("a");
      in.putText("b");
      in.put(ProcessorPart.endOfTurn()); // a trigger while speaking waits for the answer to end
      model.release.release(10);
      assertThat(texts(next(it, 3)))
          .containsExactly("two", "three", "<application/x-signal;kind=generation_complete>");
      assertThat(texts(next(it, 1))).containsExactly("again");
      in.close();
    }
    assertThat(texts(model.prompts.get(1)))
        .containsExactly("be brief", "first", "one", "two", "three", "a", "b");
    assertThat(model.prompts.get(1).get(0).role()).isEqualTo(ProcessorPart.SYSTEM);
  }

  @Test
  void bargeInCancelsTheGenerationAtOnceAndEmitsInterrupted() throws Exception {
    ScriptedModel model = ScriptedModel.answering("one two three", "next").holdAfter(2);
    PartQueue in = PartQueue.create();
    try (ProcessorRun run =
        LiveModelProcessor.builder(model).trigger(TriggerMode.END_OF_TURN).build().start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("talk");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 2))).containsExactly("one", "two");
      model.awaitEvent();
      assertThat(model.awaitEvent()).isEqualTo("holding");
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      assertThat(model.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
      in.putText("stop");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("next");
      in.close();
    }
    // No playback tracker: everything emitted counts as heard.
    assertThat(texts(model.prompts.get(1))).containsExactly("talk", "one", "two", "stop");
  }

  @Test
  void bargeInDropsTheAnswerStillQueuedDownstream() throws Exception {
    ScriptedModel model =
        ScriptedModel.answering("a b c d e f g h i j k l m n o p q r s t u v w x y z")
            .holdAfter(25);
    CountDownLatch speakerBusy = new CountDownLatch(1);
    CountDownLatch bargedIn = new CountDownLatch(1);
    List<ProcessorPart> spoken = java.util.Collections.synchronizedList(new ArrayList<>());
    Processor speaker =
        (in, out) -> {
          for (ProcessorPart p : in) {
            if (spoken.isEmpty()) {
              speakerBusy.countDown();
              bargedIn.await(); // still playing "a" when the user barges in
            }
            spoken.add(p);
            out.emit(p);
          }
        };
    PartQueue in = PartQueue.create();
    Processor pipeline =
        LiveModelProcessor.builder(model).trigger(TriggerMode.END_OF_TURN).build().andThen(speaker);
    try (ProcessorRun run = pipeline.start(in)) {
      in.putText("alphabet please");
      in.put(ProcessorPart.endOfTurn());
      assertThat(speakerBusy.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(model.awaitEvent()).isEqualTo("prompt 0");
      assertThat(model.awaitEvent())
          .isEqualTo("holding"); // b..y are queued in front of the speaker
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      // The model is interrupted only after the interrupted signal went out.
      assertThat(model.interrupted.await(5, TimeUnit.SECONDS)).isTrue();
      bargedIn.countDown();
      in.close();
      run.toList();
    }
    assertThat(texts(spoken)).containsExactly("a", "<application/x-signal;kind=interrupted>");
  }

  @Test
  void aBargeInCutsOffAnAnswerBlockedByAFullDownstream() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    StringBuilder words = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      words.append("w").append(i).append(' ');
    }
    ScriptedModel model = ScriptedModel.answering(words.toString().strip());
    LiveModelProcessor agent =
        LiveModelProcessor.builder(model).trigger(TriggerMode.END_OF_TURN).build();
    CountDownLatch interruptedOut = new CountDownLatch(1);
    Processor tapped =
        (in, out) ->
            agent.process(
                in,
                p -> {
                  out.emit(p);
                  if (p.isSignal(SignalKind.INTERRUPTED)) {
                    interruptedOut.countDown();
                  }
                });
    CountDownLatch speakerBusy = new CountDownLatch(1);
    CountDownLatch bargedIn = new CountDownLatch(1);
    List<ProcessorPart> spoken = java.util.Collections.synchronizedList(new ArrayList<>());
    Processor speaker =
        (in, out) -> {
          for (ProcessorPart p : in) {
            if (spoken.isEmpty()) {
              speakerBusy.countDown();
              bargedIn.await(); // playing "w0" while the answer fills the channel behind it
            }
            spoken.add(p);
            out.emit(p);
          }
        };
    PartQueue in = PartQueue.create();
    // Two slots between the agent and the speaker: the forwarder soon waits for room.
    try (ProcessorRun run =
        tapped.andThen(speaker).start(in, threads.options().withChannelCapacity(2))) {
      in.putText("count to a hundred");
      in.put(ProcessorPart.endOfTurn());
      assertThat(speakerBusy.await(10, TimeUnit.SECONDS)).isTrue();
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      assertThat(interruptedOut.await(10, TimeUnit.SECONDS)).isTrue();
      bargedIn.countDown();
      in.close();
      run.toList();
    }
    assertThat(texts(spoken)).containsExactly("w0", "<application/x-signal;kind=interrupted>");
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void everyThreadOfAConversationIsMadeByTheRunsFactoryAndClosingEndsThemAll() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    ScriptedModel scripted = ScriptedModel.answering("one two three", "four five six").holdAfter(1);
    List<Thread> modelThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
    Processor model =
        (in, out) -> {
          modelThreads.add(Thread.currentThread());
          scripted.process(in, out);
        };
    PartQueue in = PartQueue.create();
    try (ProcessorRun run =
        LiveModelProcessor.builder(model)
            .trigger(TriggerMode.END_OF_TURN)
            .build()
            .start(in, threads.options())) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("first");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("one");
      assertThat(scripted.awaitEvent()).isEqualTo("prompt 0");
      assertThat(scripted.awaitEvent()).isEqualTo("holding");
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH)); // barge-in: the answer stops
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      in.putText("second");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(it, 1))).containsExactly("four");
      assertThat(scripted.awaitEvent()).isEqualTo("prompt 1");
      assertThat(scripted.awaitEvent()).isEqualTo("holding");
    } // closed while the second answer is held mid-way
    assertThat(modelThreads).hasSize(2).allSatisfy(t -> assertThat(threads.made(t)).isTrue());
    assertThat(threads.names()).filteredOn(n -> n.equals("processors:live forwarder")).hasSize(2);
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void onlyWhatTheUserHeardEntersThePrompt() throws Exception {
    PlaybackTracker playback = PlaybackTracker.create();
    byte[] oneSecond = new byte[16_000]; // 8 kHz, 16-bit mono
    List<ProcessorPart> answer =
        List.of(
            ProcessorPart.text("first sentence"),
            ProcessorPart.audio(oneSecond, 8000),
            ProcessorPart.text("second sentence"),
            ProcessorPart.audio(oneSecond, 8000),
            ProcessorPart.text("third sentence"),
            ProcessorPart.audio(oneSecond, 8000));
    ScriptedModel model =
        new ScriptedModel(List.of(answer, List.of(ProcessorPart.text("ok")))).holdAfter(5);
    PartQueue in = PartQueue.create();
    try (ProcessorRun run =
        LiveModelProcessor.builder(model)
            .trigger(TriggerMode.END_OF_TURN)
            .playback(playback)
            .build()
            .start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("tell me");
      in.put(ProcessorPart.endOfTurn());
      List<ProcessorPart> out = next(it, 5); // the model holds before its last clip
      String id = out.get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
      playback.released(
          id, Duration.ofMillis(1500)); // the speaker got half-way into the second clip
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      in.put(ProcessorPart.endOfTurn());
      next(it, 1);
      in.close();
    }
    List<ProcessorPart> prompt = model.prompts.get(1);
    assertThat(texts(prompt))
        .containsExactly(
            "tell me",
            "first sentence",
            "<audio/pcm;rate=8000>",
            "second sentence",
            "<audio/pcm;rate=8000>");
    assertThat(((Content.Blob) prompt.get(2).content()).size()).isEqualTo(16_000);
    assertThat(((Content.Blob) prompt.get(4).content()).size()).isEqualTo(8_000);
    assertThat(prompt.get(4).metadata()).containsEntry("interrupted", true);
  }

  @Test
  void aCompletedAnswerStillPlayingIsCutToWhatWasHeardOnBargeIn() throws Exception {
    PlaybackTracker playback = PlaybackTracker.create();
    ScriptedModel model = ScriptedModel.answering("one two three four five six", "fine");
    PartQueue in = PartQueue.create();
    try (ProcessorRun run =
        LiveModelProcessor.builder(model)
            .trigger(TriggerMode.END_OF_TURN)
            .playback(playback)
            .wordsPerSecond(2)
            .build()
            .start(in)) {
      Iterator<ProcessorPart> it = run.iterator();
      in.putText("count");
      in.put(ProcessorPart.endOfTurn());
      List<ProcessorPart> out = next(it, 7); // six words and generation_complete
      String id = out.get(0).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
      playback.released(id, Duration.ofMillis(1500)); // 2 words/s: three words heard
      in.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      in.put(ProcessorPart.endOfTurn());
      next(it, 1);
      in.close();
    }
    assertThat(texts(model.prompts.get(1))).containsExactly("count", "one", "two", "three");
  }

  @Test
  void eagerStartFeedsTheModelBeforeTheTurnFires() throws Exception {
    ScriptedModel model = ScriptedModel.answering("done");
    PartQueue in = PartQueue.create();
    try (ProcessorRun run =
        LiveModelProcessor.builder(model)
            .trigger(TriggerMode.END_OF_TURN)
            .eagerStart(true)
            .build()
            .start(in)) {
      in.putText("part one");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!model.firstInputSeen && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      assertThat(model.firstInputSeen).as("the model read input before the turn fired").isTrue();
      assertThat(model.prompts).isEmpty();
      in.putText("part two");
      in.put(ProcessorPart.endOfTurn());
      assertThat(texts(next(run.iterator(), 1))).containsExactly("done");
      in.close();
    }
    assertThat(texts(model.prompts.get(0))).containsExactly("part one", "part two");
  }

  @Test
  void aFailingModelBecomesAStatusPartAndTheConversationGoesOn() {
    Processor failing =
        (in, out) -> {
          in.toList();
          throw new IllegalStateException("quota exceeded");
        };
    List<ProcessorPart> out =
        LiveModelProcessor.builder(failing)
            .trigger(TriggerMode.END_OF_TURN)
            .build()
            .apply(List.of(ProcessorPart.text("hi"), ProcessorPart.endOfTurn()));
    assertThat(out)
        .anySatisfy(
            p -> {
              assertThat(p.substream()).isEqualTo(ProcessorPart.STATUS);
              assertThat(p.text().orElseThrow()).contains("quota exceeded");
            });
    assertThat(out)
        .anySatisfy(p -> assertThat(p.isSignal(SignalKind.GENERATION_COMPLETE)).isTrue());
  }
}
