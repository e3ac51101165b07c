package dev.processors.core;

import static dev.processors.core.ConversationFixture.agent;
import static dev.processors.core.ConversationFixture.ms;
import static dev.processors.core.RecordReplayTest.recordConversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayDiffTest {

  private static Replay replayOf(Recording recording) {
    return Replay.builder(recording).input("agent").build();
  }

  @Test
  void aSlowerSpeakerShowsAsTimingAndLatencyChangesAtTheSpeaker(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("c.jsonl"));
    Replay replay = replayOf(recorded);
    Replay.Result result =
        replay.run(
            agent(
                replay.clock(), replay.recorder(), replay.answers("model"), Duration.ofMillis(60)));
    RecordingDiff diff = result.diff();

    assertThat(diff.identical()).isFalse();
    assertThat(diff.timingChanges())
        .extracting(RecordingDiff.TimingChange::point)
        .contains("speaker");
    // The model answered as recorded: its inputs and outputs did not move.
    assertThat(diff.timingChanges())
        .extracting(RecordingDiff.TimingChange::point)
        .doesNotContain("model");
    RecordingDiff.PointLatency speaker =
        diff.latencies().stream()
            .filter(l -> l.point().equals("speaker"))
            .findFirst()
            .orElseThrow();
    assertThat(speaker.p95Change()).isPositive();
    assertThat(diff.toText()).contains("latency per point").contains("speaker");
  }

  @Test
  void aChangedOutputIsReportedAsTheFirstDivergentPartWithItsPointAndTime(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("c.jsonl"));
    Replay replay = replayOf(recorded);
    Processor shouting =
        agent(replay.clock(), replay.recorder(), replay.answers("model"))
            .andThen(Processors.mapText(t -> t.toUpperCase()).named("shout"));
    RecordingDiff diff = replay.run(shouting).diff();

    assertThat(diff.sameOutputs()).isFalse();
    RecordingDiff.Divergence first = diff.firstDivergence().orElseThrow();
    assertThat(first.point()).isEqualTo("agent");
    assertThat(first.stream()).isEqualTo("out");
    assertThat(first.lane()).isEqualTo("data");
    assertThat(first.position()).isZero();
    assertThat(first.nanos()).isEqualTo(ms(140));
    assertThat(first.recorded().flatMap(ProcessorPart::text))
        .contains("answer to 'weather in Paris?' 1/5");
    assertThat(first.actual().flatMap(ProcessorPart::text))
        .contains("ANSWER TO 'WEATHER IN PARIS?' 1/5");
    assertThat(diff.newPoints()).contains("shout");
    assertThat(diff.toText())
        .startsWith("DIVERGES from the recording")
        .contains("first divergent part: 'agent' out, call 0, data #0, at 0.140 s")
        .contains(
            "recorded: ProcessorPart[text=\"answer to 'weather in Paris?' 1/5\", role=model]");
  }

  @Test
  void aModelRunMoreOftenThanRecordedFailsTheReplayRunClearly(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("c.jsonl"));
    Replay replay = replayOf(recorded);
    Processor twice = replay.answers("model");
    Replay.Result result = replay.run(Processor.chain(twice, twice));
    assertThat(result.failure()).isPresent();
    assertThat(result.failure().get())
        .hasRootCauseInstanceOf(ReplayException.class)
        .rootCause()
        .hasMessage(
            "'model' was run 2 times in the replay but the recording holds 1 calls: the pipeline"
                + " now calls it more often");
  }

  @Test
  void aRecordedFailureOfTheModelIsReplayedAsAFailure() {
    Replay user = replayOf(ConversationFixture.userScript());
    Processor failing =
        (in, out) -> {
          in.next();
          out.emitText("partial");
          throw new IllegalStateException("quota exhausted");
        };
    Recording recorded = user.run(user.recorder().record("model", failing)).recording();

    Replay replay = replayOf(recorded);
    Replay.Result result = replay.run(replay.recorder().record("model", replay.answers("model")));
    assertThat(result.failure().orElseThrow())
        .hasMessageContaining(
            "'model' call 0 failed in the recording: IllegalStateException: quota exhausted");
    // What the model emitted before failing is replayed too (the run's consumer may not see it:
    // a failure overtakes buffered output).
    assertThat(RecordReplayTest.outputs(result.recording(), "model"))
        .containsExactly(ProcessorPart.text("partial"));
  }

  @Test
  void aStageWaitingForSomethingOutsideTheReplayIsReportedAsAStall() {
    CountDownLatch never = new CountDownLatch(1);
    Processor stuck =
        (in, out) -> {
          in.forEach(out::emit);
          never.await();
        };
    Replay replay = replayOf(ConversationFixture.userScript());
    assertThatThrownBy(() -> replay.run(stuck.named("stuck")))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("the replay stalled at 0.700 s")
        .hasMessageContaining("processors:stuck WAITING");
  }

  @Test
  void aPipelineThatNeverEndsIsStoppedAtTheTimeLimit() {
    Replay replay =
        Replay.builder(ConversationFixture.userScript())
            .input("agent")
            .timeLimit(Duration.ofSeconds(2))
            .build();
    Processor heartbeat =
        (in, out) -> {
          while (true) {
            replay.clock().sleep(Duration.ofMillis(100));
            out.emit(ProcessorPart.status("alive"));
          }
        };
    Replay.Result result = replay.run(heartbeat.named("heartbeat"));
    assertThat(result.timedOut()).isTrue();
    assertThat(result.failure()).isEmpty();
    assertThat(result.endedAtNanos()).isEqualTo(ms(2_700));
    assertThat(result.output()).hasSize(27);
  }

  @Test
  void aRecordingWithoutTheInputPointIsRefusedNamingItsPoints() {
    Replay replay = Replay.builder(ConversationFixture.userScript()).input("microphone").build();
    assertThatThrownBy(() -> replay.run(Processors.passThrough()))
        .isInstanceOf(ReplayException.class)
        .hasMessage(
            "the recording has no input at point 'microphone' to replay; its points are [agent]");
    assertThatThrownBy(() -> replay.answers("llm"))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("no calls at point 'llm'");
  }

  @Test
  void aReplayRunsOnce() {
    Replay replay = replayOf(ConversationFixture.userScript());
    replay.run(Processors.passThrough());
    assertThatThrownBy(() -> replay.run(Processors.passThrough()))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void identicalRecordingsCompareIdentical(@TempDir Path dir) {
    Recording recorded = recordConversation(dir.resolve("c.jsonl"));
    RecordingDiff diff = RecordingDiff.between(recorded, recorded);
    assertThat(diff.identical()).isTrue();
    assertThat(diff.divergences()).isEmpty();
    assertThat(diff.comparedParts()).isGreaterThan(20);
    assertThat(diff.toText()).startsWith("same outputs as the recording");
    assertThat(diff.latencies()).extracting(RecordingDiff.PointLatency::point).contains("speaker");
    List<String> points = diff.latencies().stream().map(RecordingDiff.PointLatency::point).toList();
    assertThat(points).doesNotContainNull();
  }
}
