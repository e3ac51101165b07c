package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 300, unit = TimeUnit.SECONDS)
class LongReplayTest {
  static final int CHUNKS = 30_000; // ten minutes of 20 ms audio chunks
  static final long CHUNK = Duration.ofMillis(20).toNanos();

  static Recording tenMinutesOfAudio() {
    List<RecordingEntry> entries = new ArrayList<>();
    entries.add(new RecordingEntry.Started(0, "agent", 0));
    byte[] pcm = new byte[640];
    for (int i = 0; i < CHUNKS; i++) {
      entries.add(
          new RecordingEntry.Input(i * CHUNK, "agent", 0, i, ProcessorPart.audio(pcm, 16_000)));
    }
    entries.add(new RecordingEntry.InputEnded(CHUNKS * CHUNK, "agent", 0));
    return Recording.of(entries);
  }

  /** Releases audio on a drift-free schedule, 1 ms ahead of playback. */
  static Processor speaker(Clock clock) {
    return (in, out) -> {
      long next = clock.nanoTime();
      for (ProcessorPart part : in) {
        clock.sleepUntil(next);
        out.emit(part);
        next = Math.max(next, clock.nanoTime()) + CHUNK - Duration.ofMillis(1).toNanos();
      }
    };
  }

  static Replay.Result replay(Recording session) {
    Replay replay = Replay.builder(session).input("agent").build();
    Processor relay = (in, out) -> in.forEach(out::emit);
    return replay.run(
        Processor.chain(relay.named("relay"), speaker(replay.clock()).named("speaker")));
  }

  @Test
  void aTenMinuteSessionReplaysCompletelyAndTheSameWayTwice() {
    Recording session = tenMinutesOfAudio();
    Replay.Result first = replay(session);
    Replay.Result second = replay(session);

    assertThat(first.output()).hasSize(CHUNKS);
    assertThat(first.endedAtNanos()).isEqualTo(CHUNKS * CHUNK);
    RecordingDiff diff =
        RecordingDiff.between(first.recording(), second.recording(), Duration.ZERO);
    assertThat(diff.identical()).as(diff.toText()).isTrue();
  }

  @Test
  void aReplayStartedFromAVirtualThreadDrivesTheClockFromAPlatformThread() throws Exception {
    Recording session = ConversationFixture.userScript();
    AtomicReference<Replay.Result> result = new AtomicReference<>();
    Thread.ofVirtual()
        .start(
            () -> {
              Replay replay = Replay.builder(session).input("agent").build();
              result.set(replay.run(Processors.passThrough()));
            })
        .join();
    assertThat(result.get().output()).hasSize(3);
    assertThat(result.get().endedAtNanos()).isEqualTo(ConversationFixture.ms(700));
  }
}
