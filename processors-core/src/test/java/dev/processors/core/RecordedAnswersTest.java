package dev.processors.core;

import static dev.processors.core.ConversationFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** When recorded answers answer: after the input they followed, and end when the call ended. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecordedAnswersTest {

  private static RecordingEntry in(long millis, String point, long seq, ProcessorPart part) {
    return new RecordingEntry.Input(ms(millis), point, 0, seq, part);
  }

  private static VirtualClock clockAt(Duration d) {
    VirtualClock clock = VirtualClock.create();
    clock.advance(d);
    return clock;
  }

  @Test
  void anAnswerWaitsForTheSignalItFollowedAndTheCallEndsAsLongAfterTheInputAsRecorded() {
    ProcessorPart q = ProcessorPart.text("q");
    ProcessorPart more = ProcessorPart.text("more");
    ProcessorPart eot = ProcessorPart.endOfTurn();
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Started(0, "agent", 0),
                // The replay feeds the end of turn before the second text this time.
                in(0, "agent", 0, q),
                in(50, "agent", 1, eot),
                in(60, "agent", 2, more),
                new RecordingEntry.InputEnded(ms(1000), "agent", 0),
                new RecordingEntry.Started(0, "model", 0, "model"),
                in(0, "model", 0, q),
                in(20, "model", 1, more),
                in(50, "model", 2, eot),
                new RecordingEntry.Output(ms(150), "model", 0, 0, ProcessorPart.text("answer")),
                new RecordingEntry.InputEnded(ms(1000), "model", 0),
                new RecordingEntry.OutputEnded(ms(1300), "model", 0, Optional.empty())));
    Replay replay =
        Replay.builder(recorded).clock(clockAt(Duration.ofSeconds(10))).input("agent").build();

    Replay.Result result = replay.run(replay.answers("model"));

    assertThat(result.failure()).isEmpty();
    assertThat(result.recording().entries("agent"))
        .contains(
            new RecordingEntry.Output(ms(150), "agent", 0, 0, ProcessorPart.text("answer")),
            new RecordingEntry.OutputEnded(ms(1300), "agent", 0, Optional.empty()));
  }

  @Test
  void anAnswerThatFollowedTheEndOfInputWaitsForItEvenWhenItEndedAtOnce() {
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Started(0, "agent", 0),
                new RecordingEntry.InputEnded(0, "agent", 0),
                new RecordingEntry.Started(0, "model", 0, "model"),
                new RecordingEntry.InputEnded(0, "model", 0),
                new RecordingEntry.Output(ms(100), "model", 0, 0, ProcessorPart.text("late")),
                new RecordingEntry.OutputEnded(ms(100), "model", 0, Optional.empty())));
    Replay replay =
        Replay.builder(recorded).clock(clockAt(Duration.ofSeconds(10))).input("agent").build();

    Replay.Result result = replay.run(replay.answers("model"));

    assertThat(result.recording().entries("agent"))
        .contains(new RecordingEntry.Output(ms(100), "agent", 0, 0, ProcessorPart.text("late")));
  }

  @Test
  void aCallEndedByItsDownstreamInTheRecordingIsNotReplayedAsAFailure() {
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Started(0, "agent", 0),
                new RecordingEntry.InputEnded(ms(10), "agent", 0),
                new RecordingEntry.Started(0, "model", 0, "model"),
                new RecordingEntry.Output(ms(5), "model", 0, 0, ProcessorPart.text("a")),
                new RecordingEntry.OutputEnded(
                    ms(5), "model", 0, Optional.of("downstream closed"))));
    Replay replay = Replay.builder(recorded).input("agent").build();

    Replay.Result result = replay.run(replay.answers("model"));

    assertThat(result.failure()).isEmpty();
    assertThat(result.output()).containsExactly(ProcessorPart.text("a"));
  }
}
