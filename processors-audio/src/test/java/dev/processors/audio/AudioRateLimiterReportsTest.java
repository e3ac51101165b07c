package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.audio.LimiterHarness.Released;
import dev.processors.core.Clock;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.LeakCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What {@link AudioRateLimiter} tells its caller and its {@link PlaybackTracker}: failures of the
 * next stage, which utterances ended or were cut and when, its buffer bound, and the parts that
 * must never get stuck behind it.
 */
@Timeout(30)
@ExtendWith(LeakCheck.class)
class AudioRateLimiterReportsTest {
  private static final PcmFormat MONO_16K = PcmFormat.mono(16_000);
  private static final long MS = 1_000_000L;

  private final VirtualClock clock = Clock.virtual();
  private final PlaybackTracker playback = PlaybackTracker.create();

  private AudioRateLimiter.Builder limiter() {
    return AudioRateLimiter.builder().clock(clock).playback(playback);
  }

  @Test
  void aFailingNextStageFailsTheRunWithItsOwnExceptionWhileTheInputIsIdle() throws Exception {
    IllegalStateException broke = new IllegalStateException("speaker broke");
    AtomicInteger emits = new AtomicInteger();
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().build(),
            clock,
            p -> {
              if (emits.incrementAndGet() == 2) {
                throw broke;
              }
            })) {
      h.put(audio(1_000, "u1")); // the input stays open
      h.awaitOutput(1);
      h.awaitAccepted(1); // the reader waits for more input: only the failure can wake it
      h.step(); // the second chunk is due; the next stage fails on it
      assertThatThrownBy(h::awaitEnd).isSameAs(broke);
    }
    assertThat(playback.wasInterrupted("u1")).isTrue(); // only its first chunk played
  }

  @Test
  void aNextStageThatStopsReadingEndsTheRunWithoutWaitingForMoreInput() throws Exception {
    // The reader waits for room in a full buffer; the input stays open and holds more parts.
    AtomicInteger emits = new AtomicInteger();
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().maxBuffered(Duration.ofMillis(120)).build(),
            clock,
            p -> {
              if (emits.incrementAndGet() == 2) {
                throw new CancellationException("the next stage stopped reading");
              }
            })) {
      for (int i = 0; i < 20; i++) {
        h.put(audio(40, "u1"));
      }
      h.awaitOutput(1);
      // Part 1 was released; parts 2 to 4 (120 ms, the bound) wait; the reader holds part 5.
      h.awaitQueued(15);
      h.step(); // the next stage stops reading at the second chunk
      assertThatThrownBy(h::awaitEnd).isInstanceOf(CancellationException.class);
    }
    assertThat(playback.wasInterrupted("u1")).isTrue();
  }

  @Test
  void aNextStageThatStopsReadingAfterTheInputEndedIsNotReportedAsSuccess() throws Exception {
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().build(),
            clock,
            p -> {
              throw new CancellationException("the next stage stopped reading");
            })) {
      h.put(audio(1_000, "u1"));
      h.endInput();
      assertThatThrownBy(h::awaitEnd).isInstanceOf(CancellationException.class);
    }
    assertThat(playback.heard("u1")).isZero();
    assertThat(playback.wasInterrupted("u1")).isTrue();
  }

  @Test
  void anInterruptionCutsQueuedUtterancesDropsTheirLateAudioAndTheNextAnswerStartsAtOnce()
      throws Throwable {
    AudioRateLimiter limiter = limiter().build();
    try (LimiterHarness h = new LimiterHarness(limiter, clock)) {
      h.put(audio(2_000, "u1"));
      h.put(audio(500, "u2")); // queued behind u1, not started
      h.awaitOutput(1);
      h.step(); // 30 ms
      h.step(); // 70 ms: 120 ms of u1 released; the release task sleeps until 110 ms
      h.awaitOutput(3);
      // u2 must be in the limiter's buffer: an interruption still in the input queue would drop
      // it there (control parts overtake and clear what is queued), before the limiter sees it.
      h.awaitAccepted(2);
      h.put(ProcessorPart.interrupted());
      assertThat(h.awaitOutput(4).get(3).part()).isEqualTo(ProcessorPart.interrupted());
      assertThat(playback.wasInterrupted("u1")).isTrue();
      assertThat(playback.wasInterrupted("u2")).isTrue();
      assertThat(playback.heard("u2")).isZero();

      h.put(audio(40, "u2")); // late audio of an utterance that was cut: dropped
      h.put(audio(80, "u3"));
      List<Released> out = h.awaitOutput(5);
      // The new answer does not wait for the schedule of the audio that was cut (110 ms).
      assertThat(out.get(4).at()).isEqualTo(70 * MS);
      assertThat(out.get(4).part().metadataString(PlaybackTracker.UTTERANCE_ID)).contains("u3");
      h.endInput();
      h.step();
      h.awaitEnd();
      assertThat(h.output()).hasSize(6);
    }
    assertThat(playback.heard("u2")).isZero();
    assertThat(playback.heard("u3")).isEqualTo(Duration.ofMillis(80));
    assertThat(playback.wasInterrupted("u3")).isFalse();
    assertThat(limiter.stats().droppedAudio()).isEqualTo(Duration.ofMillis(2_000 - 120 + 500 + 40));
    assertThat(limiter.stats().releasedChunks()).isEqualTo(5); // audio chunks, not the signal
  }

  @Test
  void anUtteranceEndsWhenItsTurnEndsOrTheNextUtteranceStartsAndNotAtACaption() throws Throwable {
    // Whether u1 had ended, seen by the next stage as each part arrives.
    Map<String, Boolean> endedAt = new ConcurrentHashMap<>();
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().build(),
            clock,
            p -> {
              String what = p.text().orElse(p.content().toString());
              if (p.content() instanceof dev.processors.core.Content.Signal s) {
                what = s.kind().wireName();
              }
              endedAt.putIfAbsent(what, playback.hasEnded("u1"));
            })) {
      h.put(audio(40, "u1"));
      h.put(ProcessorPart.text("caption"));
      h.put(ProcessorPart.signal(SignalKind.GENERATION_COMPLETE));
      h.put(audio(40, "u2"));
      h.put(audio(40, "u3")); // follows u2 directly: u2 ends when u3 starts
      h.put(ProcessorPart.endOfTurn());
      h.awaitOutput(3); // u1, caption, generation_complete
      h.step();
      h.awaitOutput(4); // u2, when u1 has nearly played
      h.step();
      h.awaitOutput(6); // u3, then end_of_turn
      assertThat(playback.hasEnded("u3")).isTrue(); // before the input ends
      h.endInput();
      h.awaitEnd();
    }
    assertThat(endedAt).containsEntry("caption", false).containsEntry("generation_complete", true);
    assertThat(playback.hasEnded("u2")).isTrue();
    for (String u : new String[] {"u1", "u2", "u3"}) {
      assertThat(playback.wasInterrupted(u)).as(u).isFalse();
      assertThat(playback.heard(u)).as(u).isEqualTo(Duration.ofMillis(40));
    }
  }

  @Test
  void reportsRemainPunctualWhenTheReleaseTaskIsHandedOverMidEmit() throws Throwable {
    CountDownLatch emitBlocked = new CountDownLatch(1);
    AtomicInteger audioEmits = new AtomicInteger();
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().build(),
            clock,
            p -> {
              if (PcmFormat.of(p).isPresent() && audioEmits.getAndIncrement() == 0) {
                emitBlocked.countDown();
                try {
                  new CountDownLatch(1).await(); // a next stage that never takes it
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new CancellationException("emit cut off");
                }
              }
            })) {
      h.put(audio(1_000, "u1"));
      emitBlocked.await();
      h.put(ProcessorPart.interrupted());
      assertThat(h.awaitOutput(1).get(0).part()).isEqualTo(ProcessorPart.interrupted());
      // The fresh release task reports the cut before it passes the signal on.
      assertThat(playback.wasInterrupted("u1")).isTrue();
      h.endInput();
      h.awaitEnd();
    }
  }

  @Test
  void closingTheRunReportsThePlayingAndTheQueuedUtterancesAsCut() throws Throwable {
    try (LimiterHarness h = new LimiterHarness(limiter().build(), clock)) {
      h.put(audio(1_000, "u1"));
      h.put(audio(1_000, "u2"));
      h.awaitAccepted(2);
      h.awaitOutput(1);
    } // closed while u1 plays and u2 waits
    assertThat(playback.wasInterrupted("u1")).isTrue();
    assertThat(playback.wasInterrupted("u2")).isTrue();
    assertThat(playback.heard("u2")).isZero();
  }

  @Test
  void aStatusUpdateOrAnInterruptionReachesTheNextStageAtOnceWhenNoAudioIsPlaying()
      throws Throwable {
    try (LimiterHarness h = new LimiterHarness(limiter().build(), clock)) {
      h.put(ProcessorPart.status("listening"));
      assertThat(h.awaitOutput(1).get(0).part()).isEqualTo(ProcessorPart.status("listening"));
      h.put(ProcessorPart.interrupted());
      assertThat(h.awaitOutput(2).get(1).part()).isEqualTo(ProcessorPart.interrupted());
      assertThat(clock.nanoTime()).isZero();
      h.endInput();
      h.awaitEnd();
    }
  }

  @Test
  void atMostMaxBufferedOfAudioWaitsWhileTheReaderHoldsOnePart() throws Throwable {
    try (LimiterHarness h =
        new LimiterHarness(limiter().maxBuffered(Duration.ofMillis(120)).build(), clock)) {
      for (int i = 0; i < 50; i++) {
        h.put(audio(40, "u1"));
      }
      h.awaitOutput(1);
      // Part 1 was released; parts 2 to 4 (120 ms, the bound) wait; the reader holds part 5.
      h.awaitQueued(45);
    }
  }

  @Test
  void thousandsOfPartsQueuedBehindAudioPassWithoutStallingTheReader() throws Throwable {
    int texts = 5_000; // more parts than the buffer holds entries
    try (LimiterHarness h = new LimiterHarness(limiter().build(), clock)) {
      h.put(audio(80, "u1"));
      for (int i = 0; i < texts; i++) {
        h.put(ProcessorPart.text("t" + i));
      }
      h.endInput();
      h.awaitOutput(1);
      // The rest of u1 and 4,095 texts fill the buffer's 4,096 entries; the reader holds one more.
      h.awaitQueued(texts + 1 - 4_096 - 1);
      h.step(); // the second chunk; the texts follow it
      h.awaitEnd();
      List<Released> out = h.output();
      assertThat(out).hasSize(texts + 2);
      for (int i = 0; i < texts; i++) {
        assertThat(out.get(i + 2).part().text()).contains("t" + i);
      }
    }
  }

  @Test
  void statusUpdatesPilingUpBehindAStuckNextStageAllArriveInOrder() throws Throwable {
    int updates = 1_100; // more than the limiter keeps waiting
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch unstuck = new CountDownLatch(1);
    AtomicInteger audioEmits = new AtomicInteger();
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().build(),
            clock,
            p -> {
              if (PcmFormat.of(p).isPresent() && audioEmits.getAndIncrement() == 0) {
                stuck.countDown();
                try {
                  unstuck.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new CancellationException("emit cut off");
                }
              }
            })) {
      h.put(audio(80, "u1"));
      stuck.await();
      for (int i = 0; i < updates; i++) {
        h.put(ProcessorPart.status("s" + i));
      }
      // 1,024 updates wait in the limiter and its reader holds one more.
      h.awaitQueued(updates - 1_024 - 1);
      unstuck.countDown();
      h.awaitOutput(updates + 1);
      h.endInput();
      h.step();
      h.awaitEnd();
      List<Released> out = h.output();
      assertThat(out).hasSize(updates + 2);
      for (int i = 0; i < updates; i++) {
        assertThat(out.get(i + 1).part().text()).contains("s" + i);
      }
    }
  }

  @Test
  void anInterruptionWaitsForAStatusUpdateStuckDownstreamInsteadOfDroppingIt() throws Throwable {
    CountDownLatch stuck = new CountDownLatch(1);
    CountDownLatch unstuck = new CountDownLatch(1);
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().build(),
            clock,
            p -> {
              if (p.isOutOfBand() && stuck.getCount() > 0) {
                stuck.countDown();
                try {
                  unstuck.await();
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new CancellationException("emit cut off");
                }
              }
            })) {
      h.put(ProcessorPart.status("thinking"));
      stuck.await();
      h.put(ProcessorPart.interrupted());
      h.awaitAccepted(2); // the limiter has the interruption and waits for more input
      unstuck.countDown();
      assertThat(h.awaitOutput(2))
          .extracting(Released::part)
          .containsExactly(ProcessorPart.status("thinking"), ProcessorPart.interrupted());
      h.endInput();
      h.awaitEnd();
    }
  }

  @Test
  void anInterruptionBehindAThousandStatusUpdatesAndAStuckChunkCutsTheChunkAndKeepsTheUpdates()
      throws Throwable {
    int updates = 1_024; // exactly as many as the limiter keeps waiting
    CountDownLatch stuck = new CountDownLatch(1);
    AtomicInteger audioEmits = new AtomicInteger();
    try (LimiterHarness h =
        LimiterHarness.emittingTo(
            limiter().build(),
            clock,
            p -> {
              if (PcmFormat.of(p).isPresent() && audioEmits.getAndIncrement() == 0) {
                stuck.countDown();
                try {
                  new CountDownLatch(1).await(); // never taken
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                  throw new CancellationException("emit cut off");
                }
              }
            })) {
      h.put(audio(1_000, "u1"));
      stuck.await();
      for (int i = 0; i < updates; i++) {
        h.put(ProcessorPart.status("s" + i));
      }
      h.awaitAccepted(updates + 1);
      h.put(ProcessorPart.interrupted()); // waits for room behind the updates, then goes out
      List<Released> out = h.awaitOutput(updates + 1);
      for (int i = 0; i < updates; i++) {
        assertThat(out.get(i).part().text()).contains("s" + i);
      }
      assertThat(out.get(updates).part()).isEqualTo(ProcessorPart.interrupted());
      h.endInput();
      h.awaitEnd();
      assertThat(h.output()).hasSize(updates + 1); // nothing of u1
    }
    assertThat(playback.heard("u1")).isZero();
    assertThat(playback.wasInterrupted("u1")).isTrue();
  }

  @Test
  void shortPiecesAtARateThatDoesNotDivideASecondAddUpExactly() throws Throwable {
    PcmFormat at24k = PcmFormat.mono(24_000); // one frame is 41,666.67 ns
    // A lead longer than all of it: every piece is released as soon as it arrives.
    AudioRateLimiter limiter = limiter().lead(Duration.ofMillis(100)).build();
    try (LimiterHarness h = new LimiterHarness(limiter, clock)) {
      for (int i = 1; i <= 4; i++) {
        // Each piece arrives after the previous one was released, so each is a chunk of its own.
        h.put(at24k.part(new byte[100 * 2]).withMetadata(PlaybackTracker.UTTERANCE_ID, "u24"));
        h.awaitOutput(i);
      }
      // Then 40 ms at 16 kHz, right behind: the 24 kHz remainder must not leak into it.
      h.put(audio(40, "u16"));
      h.endInput();
      h.awaitEnd();
    }
    // 400 frames: 16,666,666.67 ns, whole nanoseconds never drifting from the exact sum.
    assertThat(playback.heard("u24")).isEqualTo(Duration.ofNanos(16_666_666));
    assertThat(playback.heard("u16")).isEqualTo(Duration.ofMillis(40));
    assertThat(limiter.stats().releasedAudio()).isEqualTo(Duration.ofNanos(56_666_666));
  }

  private static ProcessorPart audio(long millis, String utterance) {
    return MONO_16K
        .part(new byte[(int) MONO_16K.bytes(Duration.ofMillis(millis))])
        .withRole(ProcessorPart.MODEL)
        .withMetadata(PlaybackTracker.UTTERANCE_ID, utterance);
  }
}
