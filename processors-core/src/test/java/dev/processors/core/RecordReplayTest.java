package dev.processors.core;

import static dev.processors.core.ConversationFixture.agent;
import static dev.processors.core.ConversationFixture.model;
import static dev.processors.core.ConversationFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordReplayTest {

  /**
   * The conversation run once with the real (scripted) model on a virtual clock, recorded, written
   * to a file and read back.
   */
  static Recording recordConversation(Path file) {
    Replay user = Replay.builder(ConversationFixture.userScript()).input("agent").build();
    Replay.Result run = user.run(agent(user.clock(), user.recorder(), model(user.clock())));
    assertThat(run.failure()).isEmpty();
    run.recording().write(file);
    return Recording.read(file);
  }

  static Replay.Result replay(Recording recording) {
    Replay replay = Replay.builder(recording).input("agent").build();
    return replay.run(agent(replay.clock(), replay.recorder(), replay.answers("model")));
  }

  static List<ProcessorPart> outputs(Recording recording, String point) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (RecordingEntry e : recording.entries(point)) {
      if (e instanceof RecordingEntry.Output out) {
        parts.add(out.part());
      }
    }
    return parts;
  }

  static long timeOf(Recording recording, String point, SignalKind kind) {
    for (RecordingEntry e : recording.entries(point)) {
      if (e instanceof RecordingEntry.Output out && out.part().isSignal(kind)) {
        return out.nanos();
      }
    }
    throw new AssertionError("no " + kind + " output at " + point);
  }

  @Test
  void theRecordedConversationHoldsTheAnswersTheBargeInAndEveryStage(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("conversation.jsonl"));

    assertThat(recorded.points()).contains("agent", "model", "speaker");
    assertThat(TestProcessors.textsOf(outputs(recorded, "agent")))
        .containsExactly(
            "answer to 'weather in Paris?' 1/5",
            "answer to 'weather in Paris?' 2/5",
            "<application/x-signal;kind=interrupted>",
            "answer to 'and in Rome?' 1/5",
            "answer to 'and in Rome?' 2/5",
            "answer to 'and in Rome?' 3/5",
            "answer to 'and in Rome?' 4/5",
            "answer to 'and in Rome?' 5/5",
            "<application/x-signal;kind=end_of_turn>");
    // The speaker had queued the third part of the first answer: the barge-in dropped it.
    assertThat(TestProcessors.textsOf(outputs(recorded, "model")))
        .contains("answer to 'weather in Paris?' 3/5")
        .doesNotContain("answer to 'weather in Paris?' 4/5");
    assertThat(timeOf(recorded, "agent", SignalKind.INTERRUPTED)).isEqualTo(ms(215));
  }

  @Test
  void aRecordedConversationReplaysToIdenticalOutputsTwentyTimesInARow(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("conversation.jsonl"));
    List<ProcessorPart> expected = outputs(recorded, "agent");
    for (int i = 0; i < 20; i++) {
      Replay.Result replayed = replay(recorded);
      RecordingDiff diff = RecordingDiff.between(recorded, replayed.recording(), Duration.ZERO);
      assertThat(diff.identical()).as("replay %d:%n%s", i, diff.toText()).isTrue();
      assertThat(replayed.output()).as("replay %d", i).isEqualTo(expected);
      assertThat(replayed.failure()).isEmpty();
    }
  }

  @Test
  void aBargeInReplaysAtTheSameInstantAndDropsTheSameQueuedAudio(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("conversation.jsonl"));
    Replay.Result replayed = replay(recorded);

    long recordedBargeIn = timeOf(recorded, "agent", SignalKind.INTERRUPTED);
    assertThat(timeOf(replayed.recording(), "agent", SignalKind.INTERRUPTED))
        .isEqualTo(recordedBargeIn)
        .isEqualTo(ms(215));
    assertThat(timeOf(replayed.recording(), "speaker", SignalKind.INTERRUPTED))
        .isEqualTo(timeOf(recorded, "speaker", SignalKind.INTERRUPTED));
    assertThat(TestProcessors.textsOf(outputs(replayed.recording(), "speaker")))
        .doesNotContain("answer to 'weather in Paris?' 3/5");
  }

  @Test
  void aReplayIsFasterThanTheConversationItReplays(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("conversation.jsonl"));
    long start = System.nanoTime();
    Replay.Result replayed = replay(recorded);
    long took = System.nanoTime() - start;
    assertThat(replayed.endedAtNanos()).isGreaterThanOrEqualTo(ms(700));
    // A generous smoke bound, not a performance assertion: 0.7 s of conversation.
    assertThat(took).isLessThan(TimeUnit.SECONDS.toNanos(30));
  }

  @Test
  void aSessionRecordedInRealTimeReplaysTheSameWayEveryTime(@TempDir Path dir) {
    Path file = dir.resolve("live.jsonl.gz");
    Clock clock = Clock.system();
    List<ProcessorPart> live;
    try (Recorder recorder = Recorder.toFile(file).clock(clock).label("test", "live").build()) {
      Processor agent = recorder.record("agent", agent(clock, recorder, model(clock)));
      RunOptions options = RunOptions.defaults().withStageDecorator(recorder.stages());
      try (ProcessorRun run = agent.start(userInRealTime(clock), options)) {
        live = run.toList();
      }
    }
    Recording recorded = Recording.read(file);
    assertThat(recorded.label("test")).contains("live");
    assertThat(recorded.complete()).isTrue();
    assertDeliveredAllButFlushedParts(outputs(recorded, "agent"), live);

    Replay.Result first = replay(recorded);
    for (int i = 0; i < 3; i++) {
      Replay.Result again = replay(recorded);
      RecordingDiff diff =
          RecordingDiff.between(first.recording(), again.recording(), Duration.ZERO);
      assertThat(diff.identical()).as(diff.toText()).isTrue();
      assertThat(again.output()).isEqualTo(first.output());
    }
    // The model's answers are the recorded ones, whatever the machine's timing was.
    assertThat(outputs(first.recording(), "model")).isEqualTo(outputs(recorded, "model"));
  }

  /**
   * Checks that the consumer received every part the agent emitted ({@code emitted}, as recorded)
   * in order, except data parts that a later interruption dropped from the queue before they were
   * read: the barge-in flush, which on the system clock depends on how far the consumer had read.
   */
  private static void assertDeliveredAllButFlushedParts(
      List<ProcessorPart> emitted, List<ProcessorPart> live) {
    int l = 0;
    for (int e = 0; e < emitted.size(); e++) {
      ProcessorPart part = emitted.get(e);
      if (l < live.size() && live.get(l).equals(part)) {
        l++;
        continue;
      }
      boolean onTheDataLane = !part.isControl() && !part.isOutOfBand();
      boolean interruptedLater =
          emitted.subList(e + 1, emitted.size()).stream()
              .anyMatch(p -> p.isSignal(SignalKind.INTERRUPTED));
      assertThat(onTheDataLane && interruptedLater)
          .as("%s was recorded but never delivered, and no interruption dropped it", part)
          .isTrue();
    }
    assertThat(l).as("every part delivered live was recorded, in order").isEqualTo(live.size());
  }

  /** The user of the conversation script, speaking on the system clock. */
  private static Iterable<ProcessorPart> userInRealTime(Clock clock) {
    List<RecordingEntry> script = ConversationFixture.userScript().entries();
    long start = clock.nanoTime();
    return () ->
        new Iterator<>() {
          int next = 0;

          @Override
          public boolean hasNext() {
            while (next < script.size() && !(script.get(next) instanceof RecordingEntry.Input)) {
              next++;
            }
            return next < script.size();
          }

          @Override
          public ProcessorPart next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            RecordingEntry.Input in = (RecordingEntry.Input) script.get(next++);
            try {
              clock.sleepUntil(start + in.nanos());
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new java.util.concurrent.CancellationException("interrupted");
            }
            return in.part();
          }
        };
  }
}
