package dev.processors.core;

import static dev.processors.core.ConversationFixture.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a replay drives a pipeline: its clock, its input's end, its limits and its errors. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayRunTest {

  private static final Processor ECHO = (in, out) -> in.forEach(out::emit);

  /** Busy-waits until interrupted, as a stage that polls something outside the replay would. */
  static void spinUntilInterrupted() {
    while (!Thread.currentThread().isInterrupted()) {
      Thread.onSpinWait();
    }
  }

  @Test
  void aStageThatBusyWaitsIsStoppedAtTheSettleTimeoutNamingItAndWhereItRuns() {
    Replay replay =
        Replay.builder(ConversationFixture.userScript())
            .settleTimeout(Duration.ofSeconds(1))
            .input("agent")
            .build();
    Processor spinner =
        (in, out) -> {
          out.emit(in.next());
          spinUntilInterrupted();
        };

    assertThatThrownBy(() -> replay.run(spinner.named("spinner")))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("the pipeline did not settle within 1 s of real time at 0.100 s")
        .hasMessageContaining("processors:spinner RUNNABLE in ReplayRunTest.spinUntilInterrupted")
        .hasMessageContaining("clock waiters released and not yet back: 0; busy carriers: ")
        .hasMessageNotContaining("busy carriers: none")
        .hasMessageMatching("(?s).*busy carriers: \\S.* at .*");
  }

  @Test
  void theSettleTimeoutMustBePositive() {
    Replay.Builder b = Replay.builder(ConversationFixture.userScript());
    assertThatThrownBy(() -> b.settleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("settleTimeout must be positive, got PT0S");
    assertThatThrownBy(() -> b.settleTimeout(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("settleTimeout must be positive, got PT-1S");
    assertThat(b.settleTimeout(Duration.ofNanos(1))).isSameAs(b);
  }

  @Test
  void onAClockThatAlreadyRanTimesAreCountedFromTheReplayStart() {
    VirtualClock clock = VirtualClock.create();
    clock.advance(Duration.ofSeconds(10));
    Replay replay =
        Replay.builder(ConversationFixture.userScript()).clock(clock).input("agent").build();
    assertThat(replay.clock()).isSameAs(clock);

    Replay.Result result = replay.run(ECHO.named("echo"));

    assertThat(result.endedAtNanos()).isEqualTo(ms(700));
    assertThat(result.output()).hasSize(3);
    assertThat(result.recording().entries("agent"))
        .filteredOn(e -> e instanceof RecordingEntry.Input)
        .extracting(RecordingEntry::nanos)
        .containsExactly(ms(100), ms(215), ms(260));
  }

  @Test
  void aStallIsReportedAtTheReplayTimeNamingTheWaitingThreads() {
    VirtualClock clock = VirtualClock.create();
    clock.advance(Duration.ofSeconds(10));
    CountDownLatch never = new CountDownLatch(1);
    Processor stuck =
        (in, out) -> {
          in.forEach(out::emit);
          never.await();
        };
    Replay replay =
        Replay.builder(ConversationFixture.userScript()).clock(clock).input("agent").build();

    assertThatThrownBy(() -> replay.run(stuck.named("stuck")))
        .isInstanceOf(ReplayException.class)
        .hasMessageContaining("the replay stalled at 0.700 s")
        .hasMessageContaining("processors:stuck WAITING")
        .hasMessageContaining("processors:replay output WAITING");
  }

  @Test
  void theInputEndsWhenItEndedInTheRecordingEvenAtTimeZero() {
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Started(0, "agent", 0),
                new RecordingEntry.Input(0, "agent", 0, 0, ProcessorPart.text("hi")),
                new RecordingEntry.InputEnded(0, "agent", 0),
                new RecordingEntry.Output(ms(900), "later", 0, 0, ProcessorPart.text("x"))));
    Replay replay = Replay.builder(recorded).input("agent").build();

    Replay.Result result = replay.run(ECHO.named("echo"));

    assertThat(result.recording().entries("agent"))
        .contains(new RecordingEntry.InputEnded(0, "agent", 0));
    assertThat(result.endedAtNanos()).isZero();
  }

  @Test
  void anInputThatNeverEndedInTheRecordingEndsWithTheRecording() {
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Started(0, "agent", 0),
                new RecordingEntry.Input(ms(10), "agent", 0, 0, ProcessorPart.text("hi")),
                new RecordingEntry.Output(ms(900), "later", 0, 0, ProcessorPart.text("x"))));
    Replay replay = Replay.builder(recorded).input("agent").build();

    Replay.Result result = replay.run(ECHO.named("echo"));

    assertThat(result.recording().entries("agent"))
        .contains(new RecordingEntry.InputEnded(ms(900), "agent", 0));
  }

  @Test
  void aPassThroughInputPointIsReplayedAsAPassThroughPoint() {
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Passed(ms(100), "mic", 0, 0, ProcessorPart.text("a")),
                new RecordingEntry.Passed(ms(250), "mic", 0, 1, ProcessorPart.text("b"))));
    Replay replay = Replay.builder(recorded).input("mic").build();

    Replay.Result result = replay.run(ECHO.named("echo"));

    assertThat(result.recording().entries("mic")).containsExactlyElementsOf(recorded.entries());
    assertThat(result.output()).containsExactly(ProcessorPart.text("a"), ProcessorPart.text("b"));
  }

  @Test
  void recordedAnswersOfAPassThroughPointKeepTheirSpacingFromTheFirstPart() {
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Started(0, "agent", 0),
                new RecordingEntry.Input(0, "agent", 0, 0, ProcessorPart.text("go")),
                new RecordingEntry.Passed(ms(100), "mic", 0, 0, ProcessorPart.text("a")),
                new RecordingEntry.Passed(ms(250), "mic", 0, 1, ProcessorPart.text("b")),
                new RecordingEntry.InputEnded(ms(400), "agent", 0)));
    Replay replay = Replay.builder(recorded).input("agent").build();
    Processor mic = replay.answers("mic");
    assertThat(mic.name()).isEqualTo("recorded mic");

    Replay.Result result = replay.run(mic);

    assertThat(result.recording().entries("agent"))
        .contains(
            new RecordingEntry.Output(0, "agent", 0, 0, ProcessorPart.text("a")),
            new RecordingEntry.Output(ms(150), "agent", 0, 1, ProcessorPart.text("b")));
  }

  @Test
  void recordedAnswersAreNamedLikeTheRecordedProcessor() {
    Recording recorded =
        Recording.of(
            List.of(
                new RecordingEntry.Started(0, "agent", 0),
                new RecordingEntry.Started(0, "model", 0, "gemini-flash"),
                new RecordingEntry.OutputEnded(0, "model", 0, Optional.empty())));
    Replay replay = Replay.builder(recorded).input("agent").build();

    assertThat(replay.answers("model").name()).isEqualTo("gemini-flash");
  }

  @Test
  void threadsMadeByTheReplaysThreadFactoryRunOnItsClockAndAreWaitedFor() {
    Replay replay = Replay.builder(ConversationFixture.userScript()).input("agent").build();
    assertThat(replay.recording()).isSameAs(replay.recording());
    Processor delayed =
        (in, out) -> {
          in.next();
          Thread helper =
              replay
                  .threadFactory()
                  .newThread(
                      () -> {
                        try {
                          replay.clock().sleep(Duration.ofMillis(50));
                        } catch (InterruptedException e) {
                          Thread.currentThread().interrupt();
                        }
                      });
          helper.start();
          helper.join();
          out.emit(ProcessorPart.text("after the helper"));
          in.forEach(p -> {});
        };

    Replay.Result result = replay.run(delayed.named("delayed"));

    assertThat(result.recording().entries("agent"))
        .contains(
            new RecordingEntry.Output(
                ms(150), "agent", 0, 0, ProcessorPart.text("after the helper")));
  }

  @Test
  void aFinishedReplaysRecorderRecordsNothingMore() {
    Replay replay = Replay.builder(ConversationFixture.userScript()).input("agent").build();
    Replay.Result result = replay.run(ECHO.named("echo"));
    long entries = replay.recorder().entries();

    replay.recorder().record("late", ECHO).apply(List.of(ProcessorPart.text("x")));

    assertThat(replay.recorder().entries()).isEqualTo(entries);
    assertThat(result.recording().points()).doesNotContain("late");
  }

  @Test
  void aReplayRunsInAJvmWithManyPlatformThreads() throws InterruptedException {
    CountDownLatch release = new CountDownLatch(1);
    List<Thread> parked = new java.util.ArrayList<>();
    for (int i = 0; i < 100; i++) {
      parked.add(
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try {
                      release.await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    try {
      Replay replay = Replay.builder(ConversationFixture.userScript()).input("agent").build();
      assertThat(replay.run(ECHO.named("echo")).output()).hasSize(3);
    } finally {
      release.countDown();
      for (Thread t : parked) {
        t.join();
      }
    }
  }
}
