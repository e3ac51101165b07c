package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.ProcessorPart;
import dev.processors.core.Recording;
import dev.processors.core.RecordingDiff;
import dev.processors.core.RecordingEntry;
import dev.processors.core.RecordingFormatException;
import dev.processors.core.Replay;
import dev.processors.core.SignalKind;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live agent recorded and replayed. The checked-in recording was made by replaying a session
 * recorded with {@code bin/run live-agent --record} ({@code bin/run replay FILE --save ...}), so it
 * replays exactly: any divergence is a change in the agent.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveAgentReplayTest {
  private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

  static Recording checkedIn() throws URISyntaxException {
    return Recording.read(
        Path.of(LiveAgentReplayTest.class.getResource("/recordings/live-agent.jsonl.gz").toURI()));
  }

  private static long firstOutput(Recording recording, String point, SignalKind kind) {
    for (RecordingEntry e : recording.entries(point)) {
      if (e instanceof RecordingEntry.Output o && o.part().isSignal(kind)) {
        return o.nanos();
      }
    }
    throw new AssertionError("no " + kind + " at " + point);
  }

  private static List<ProcessorPart> outputs(Recording recording, String point) {
    return recording.entries(point).stream()
        .filter(e -> e instanceof RecordingEntry.Output)
        .map(e -> ((RecordingEntry.Output) e).part())
        .toList();
  }

  @Test
  void theCheckedInRecordingReplaysToTheSameOutputsAtTheSameInstants(@TempDir Path dir)
      throws Exception {
    Recording recorded = checkedIn();
    assertThat(recorded.label("example")).contains(LiveAgentReplay.EXAMPLE);
    assertThat(recorded.label(Replay.REPLAYED_LABEL)).contains("true");

    LiveAgentReplay.Result replayed = LiveAgentReplay.run(QUIET, recorded, dir);

    RecordingDiff exact =
        RecordingDiff.between(recorded, replayed.replay().recording(), Duration.ZERO);
    assertThat(exact.identical()).as(exact.toText()).isTrue();
    assertThat(replayed.transcript()).hasSize(2);
    assertThat(replayed.transcript().get(0)).startsWith("[simulated] In Paris");
    assertThat(replayed.transcript().get(1)).startsWith("[simulated] Rome");
    assertThat(replayed.interruptions()).isEqualTo(1);
    // The user's barge-in cuts the first answer at the recorded instant.
    assertThat(firstOutput(replayed.replay().recording(), "agent", SignalKind.INTERRUPTED))
        .isEqualTo(firstOutput(recorded, "agent", SignalKind.INTERRUPTED));
    assertThat(Files.readString(replayed.report()))
        .contains("id=\"replay\"")
        .contains("same outputs");
  }

  @Test
  void theCheckedInRecordingReplaysTheSameWayThreeTimesInARow(@TempDir Path dir) throws Exception {
    Recording recorded = checkedIn();
    for (int i = 0; i < 3; i++) {
      LiveAgentReplay.Result replayed = LiveAgentReplay.run(QUIET, recorded, dir.resolve("r" + i));
      assertThat(replayed.diff().identical())
          .as("replay %d: %s", i, replayed.diff().toText())
          .isTrue();
    }
  }

  @Test
  void aSessionRecordedLiveReplaysWithTheRecordedModelAnswers(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("session.jsonl.gz");
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    LiveAgent.Result live =
        LiveAgent.run(
            new PrintStream(console, true, StandardCharsets.UTF_8),
            dir.resolve("live"),
            4.0,
            Optional.empty(),
            Optional.empty(),
            Optional.of(file));
    assertThat(console.toString(StandardCharsets.UTF_8)).contains("session recorded");
    Recording recorded = Recording.read(file);
    assertThat(recorded.complete()).isTrue();
    assertThat(recorded.points()).contains("agent", "model", "speech gate", "AudioRateLimiter");

    LiveAgentReplay.Result first = LiveAgentReplay.run(QUIET, recorded, dir.resolve("replay1"));
    LiveAgentReplay.Result second = LiveAgentReplay.run(QUIET, recorded, dir.resolve("replay2"));

    // The model answered as recorded, and what it said is what the live user heard it say.
    assertThat(outputs(first.replay().recording(), "model")).isEqualTo(outputs(recorded, "model"));
    assertThat(first.transcript()).isEqualTo(live.transcript());
    // A replay of a live session is deterministic: the same run twice, to the nanosecond.
    RecordingDiff between =
        RecordingDiff.between(
            first.replay().recording(), second.replay().recording(), Duration.ZERO);
    assertThat(between.identical()).as(between.toText()).isTrue();
  }

  @Test
  void theReplayCommandNamesTheLineOfADamagedRecording(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("damaged.jsonl");
    checkedIn().write(file);
    List<String> lines = Files.readAllLines(file);
    lines.set(9, "{\"t\":");
    Files.write(file, lines);
    assertThatThrownBy(() -> ReplayCommand.main(new String[] {file.toString()}))
        .isInstanceOf(RecordingFormatException.class)
        .hasMessageContaining("line 10: not valid JSON");
  }

  @Test
  void theReplayCommandRefusesARecordingOfAnotherExample(@TempDir Path dir) {
    Path file = dir.resolve("other.jsonl");
    Recording.of(List.of(new RecordingEntry.Started(0, "agent", 0))).write(file);
    assertThatThrownBy(() -> ReplayCommand.main(new String[] {file.toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("made by example '(none)'");
    assertThatThrownBy(() -> ReplayCommand.main(new String[] {}))
        .hasMessageContaining("which recording?");
  }
}
