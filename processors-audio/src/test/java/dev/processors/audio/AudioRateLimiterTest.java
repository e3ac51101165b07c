package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.audio.LimiterHarness.Released;
import dev.processors.core.Clock;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.SignalKind;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.LeakCheck;
import dev.processors.testkit.RecordingThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

@Timeout(30)
@ExtendWith(LeakCheck.class) // no thread of a run outlives the test
class AudioRateLimiterTest {
  private static final PcmFormat MONO_16K = PcmFormat.mono(16_000);
  private static final long MS = 1_000_000L;

  private final VirtualClock clock = Clock.virtual();
  private final PlaybackTracker playback = PlaybackTracker.create();

  private AudioRateLimiter.Builder limiter() {
    return AudioRateLimiter.builder().clock(clock).playback(playback);
  }

  @Test
  void releasesChunksAtTheExactTimesOfTheScheduleMinusTheLead() throws Throwable {
    try (LimiterHarness h = new LimiterHarness(limiter().build(), clock)) {
      h.put(audio(200, "u1"));
      h.endInput();
      h.awaitOutput(1);
      for (int i = 1; i < 5; i++) {
        h.step();
        h.awaitOutput(i + 1);
      }
      h.awaitEnd();
      List<Released> out = h.output();
      assertThat(out)
          .extracting(Released::at)
          .containsExactly(0L, 30 * MS, 70 * MS, 110 * MS, 150 * MS);
      assertThat(out)
          .allSatisfy(
              r -> assertThat(PcmAudio.of(r.part()).duration()).isEqualTo(Duration.ofMillis(40)));
      assertThat(out)
          .allSatisfy(
              r ->
                  assertThat(r.part().metadataString(PlaybackTracker.UTTERANCE_ID)).contains("u1"));
      assertThat(out)
          .extracting(r -> r.part().metadata().get(AudioRateLimiter.CHUNK_INDEX))
          .containsExactly(0L, 1L, 2L, 3L, 4L);
      assertThat(out)
          .extracting(r -> r.part().metadata().get(AudioRateLimiter.CHUNK_DURATION))
          .containsOnly(0.04);
    }
    assertThat(playback.heard("u1")).isEqualTo(Duration.ofMillis(200));
    assertThat(playback.wasInterrupted("u1")).isFalse();
  }

  @Test
  void adaptiveChunksAreSmallForAShortClipAndLargeForALongOne() throws Throwable {
    AudioRateLimiter adaptive = limiter().adaptiveChunks(true).build();
    try (LimiterHarness h = new LimiterHarness(adaptive, clock)) {
      h.put(audio(500, "short"));
      h.awaitOutput(1);
      // 500 ms queued: a tenth of it.
      assertThat(PcmAudio.of(h.output().get(0).part()).duration()).isEqualTo(Duration.ofMillis(50));
    }
    try (LimiterHarness h = new LimiterHarness(adaptive, clock)) {
      h.put(audio(20_000, "long"));
      h.awaitOutput(1);
      // 20 s queued: a twentieth would be 1 s; capped at 200 ms.
      assertThat(PcmAudio.of(h.output().get(0).part()).duration())
          .isEqualTo(Duration.ofMillis(200));
    }
    try (LimiterHarness h = new LimiterHarness(adaptive, clock)) {
      h.put(audio(100, "tiny"));
      h.awaitOutput(1);
      // 100 ms queued: a tenth would be 10 ms; at least 20 ms.
      assertThat(PcmAudio.of(h.output().get(0).part()).duration()).isEqualTo(Duration.ofMillis(20));
    }
    // From 1 s to 10 s queued, both included: the configured chunk.
    for (long millis : new long[] {1_000, 5_000, 10_000}) {
      try (LimiterHarness h = new LimiterHarness(adaptive, clock)) {
        h.put(audio(millis, "between"));
        h.awaitOutput(1);
        assertThat(PcmAudio.of(h.output().get(0).part()).duration())
            .as("%d ms queued", millis)
            .isEqualTo(Duration.ofMillis(40));
      }
    }
  }

  @Test
  void withoutALeadEachChunkIsReleasedWhenThePreviousOneHasPlayed() throws Throwable {
    try (LimiterHarness h =
        new LimiterHarness(
            limiter().lead(Duration.ZERO).chunk(Duration.ofMillis(20)).build(), clock)) {
      h.put(audio(100, "u1"));
      h.endInput();
      h.awaitOutput(1);
      for (int i = 1; i < 5; i++) {
        h.step();
      }
      h.awaitEnd();
      assertThat(h.output()).extracting(Released::atMillis).containsExactly(0L, 20L, 40L, 60L, 80L);
    }
  }

  @Test
  // 15,000 clock steps, each a hand-off with the limiter's thread: 25 s beside a mutation-testing
  // run (once over 30 s: a CI failure). The class's 30 s hang guard is too tight for a busy
  // machine; the virtual clock keeps the verdict independent of speed, so only the guard grows.
  @Timeout(180)
  void tenMinutesOfIrregularPartsAreReleasedWithZeroCumulativeDrift() throws Throwable {
    // Parts of awkward sizes; 24 kHz, where one frame is 41,666.67 ns, so rounding would drift.
    PcmFormat format = PcmFormat.mono(24_000);
    long total = format.frames(Duration.ofMinutes(10));
    int[] partMs = {100, 37, 53, 11, 140, 19};
    AtomicLong acceptedFrames = new AtomicLong();
    Iterable<ProcessorPart> source =
        () ->
            new Iterator<>() {
              long sent;
              int i;

              @Override
              public boolean hasNext() {
                // The limiter asks for more only once it has queued (and stamped) every part it
                // was given; counting in next() would count a part it has not queued yet.
                acceptedFrames.set(sent);
                return sent < total;
              }

              @Override
              public ProcessorPart next() {
                long frames =
                    Math.min(
                        total - sent,
                        format.frames(Duration.ofMillis(partMs[i++ % partMs.length])));
                sent += frames;
                return format
                    .part(new byte[(int) frames * 2])
                    .withMetadata(PlaybackTracker.UTTERANCE_ID, "long");
              }
            };
    AudioRateLimiter limiter = limiter().build();
    try (LimiterHarness h = LimiterHarness.reading(limiter, clock, source)) {
      h.awaitOutput(1);
      long chunkFrames = format.frames(Duration.ofMillis(40));
      int chunks = (int) (total / chunkFrames);
      for (int i = 1; i < chunks; i++) {
        // The reader runs far ahead (30 s buffer); make sure the limiter has queued this chunk and
        // one more part before the clock moves, or it rightly releases a short chunk of what it
        // has (a busy machine can hold its reader between taking a part and queueing it).
        long needed = Math.min(total, (i + 2) * chunkFrames);
        while (acceptedFrames.get() < needed) {
          LockSupport.parkNanos(10_000);
        }
        long at = h.step();
        assertThat(at).isEqualTo(i * 40 * MS - 10 * MS);
      }
      h.awaitEnd();
      List<Released> out = h.output();
      assertThat(out).hasSize(chunks);
      for (int i = 0; i < chunks; i++) {
        assertThat(out.get(i).at()).isEqualTo(Math.max(0, i * 40 * MS - 10 * MS));
        assertThat(PcmAudio.of(out.get(i).part()).frames()).isEqualTo((int) chunkFrames);
      }
      // The last chunk goes out 10 ms before the ten minutes are up, exactly.
      assertThat(out.get(chunks - 1).at())
          .isEqualTo(TimeUnit.MINUTES.toNanos(10) - 40 * MS - 10 * MS);
    }
    assertThat(playback.heard("long")).isEqualTo(Duration.ofMinutes(10));
    assertThat(limiter.stats().releasedAudio()).isEqualTo(Duration.ofMinutes(10));
    assertThat(limiter.stats().underruns()).isZero();
  }

  @Test
  void anInterruptionDropsEverythingQueuedAtOnceAndReportsWhatWasHeard() throws Throwable {
    AudioRateLimiter limiter = limiter().build();
    try (LimiterHarness h = new LimiterHarness(limiter, clock)) {
      h.put(audio(2_000, "u1"));
      h.put(ProcessorPart.text("caption of u1"));
      h.awaitOutput(1);
      h.step(); // 30 ms
      h.step(); // 70 ms: 3 chunks (120 ms) released
      h.awaitOutput(3);
      h.put(ProcessorPart.interrupted());
      // Handled without moving the clock: the release task is woken, not left asleep until 110
      // ms.
      List<Released> out = h.awaitOutput(4);
      assertThat(out.get(3).part()).isEqualTo(ProcessorPart.interrupted());
      assertThat(out.get(3).at()).isEqualTo(70 * MS);
      assertThat(playback.heard("u1")).isEqualTo(Duration.ofMillis(120));
      assertThat(playback.wasInterrupted("u1")).isTrue();

      clock.advance(Duration.ofSeconds(5));
      h.put(audio(40, "u1")); // late audio of the cut utterance: dropped
      h.put(audio(80, "u2")); // the next answer starts at once, on a fresh schedule
      h.endInput();
      List<Released> after = h.awaitOutput(5);
      assertThat(after.get(4).at()).isEqualTo(5_070 * MS);
      assertThat(after.get(4).part().metadataString(PlaybackTracker.UTTERANCE_ID)).contains("u2");
      h.step();
      h.awaitEnd();
      assertThat(h.output()).hasSize(6);
    }
    assertThat(playback.heard("u1")).isEqualTo(Duration.ofMillis(120));
    assertThat(playback.heard("u2")).isEqualTo(Duration.ofMillis(80));
    assertThat(playback.wasInterrupted("u2")).isFalse();
    AudioRateLimiter.Stats stats = limiter.stats();
    assertThat(stats.interruptions()).isEqualTo(1);
    assertThat(stats.droppedAudio()).isEqualTo(Duration.ofMillis(2_000 - 120 + 40));
    assertThat(stats.releasedAudio()).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void startOfSpeechInterruptsWhenConfiguredAndOnlyPassesThroughOtherwise() throws Throwable {
    try (LimiterHarness h =
        new LimiterHarness(limiter().interruptOnStartOfSpeech(true).build(), clock)) {
      h.put(audio(1_000, "u1"));
      h.awaitOutput(1);
      h.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      h.endInput();
      h.awaitEnd();
      assertThat(h.output())
          .extracting(r -> r.part().isSignal(SignalKind.START_OF_SPEECH))
          .containsExactly(false, true);
      assertThat(playback.heard("u1")).isEqualTo(Duration.ofMillis(40));
      assertThat(playback.wasInterrupted("u1")).isTrue();
    }
    VirtualClock clock2 = Clock.virtual();
    try (LimiterHarness h =
        new LimiterHarness(AudioRateLimiter.builder().clock(clock2).build(), clock2)) {
      h.put(audio(80, "u9"));
      h.awaitOutput(1);
      h.put(ProcessorPart.signal(SignalKind.START_OF_SPEECH));
      h.awaitOutput(2); // overtakes, at once
      h.endInput();
      h.step();
      h.awaitEnd();
      assertThat(h.output())
          .extracting(r -> r.part().isSignal(SignalKind.START_OF_SPEECH))
          .containsExactly(false, true, false);
    }
  }

  @Test
  void anInterruptionIsSeenWithinOneChunkEvenWhenTheBufferIsFull() throws Throwable {
    AudioRateLimiter limiter = limiter().maxBuffered(Duration.ofMillis(100)).build();
    try (LimiterHarness h = new LimiterHarness(limiter, clock)) {
      for (int i = 0; i < 50; i++) {
        h.put(audio(40, "u1"));
      }
      h.awaitOutput(1);
      // 100 ms buffer: parts 1 to 3 wait in it and the reader holds part 4, waiting for room.
      h.awaitQueued(45);
      h.put(ProcessorPart.interrupted()); // the queue's control lane: read next, once there is room
      long at = h.step();
      List<Released> out = h.awaitOutput(3);
      assertThat(out.get(2).part()).isEqualTo(ProcessorPart.interrupted());
      assertThat(out.get(2).at()).isEqualTo(at).isLessThanOrEqualTo(40 * MS);
      h.endInput();
      h.awaitEnd();
      assertThat(h.output()).hasSize(3);
    }
  }

  @Test
  void otherPartsKeepTheirPlaceBehindAudioWhileStatusAndControlOvertake() throws Throwable {
    try (LimiterHarness h = new LimiterHarness(limiter().build(), clock)) {
      h.put(audio(100, "u1"));
      h.awaitOutput(1);
      h.put(ProcessorPart.text("caption"));
      h.put(ProcessorPart.signal(SignalKind.GENERATION_COMPLETE));
      h.put(ProcessorPart.status("thinking"));
      h.put(audio(80, "u2"));
      h.endInput();
      h.awaitOutput(2);
      while (h.isRunning()) {
        if (h.clock.nextDeadline().isPresent()) {
          h.step();
        }
        Thread.sleep(1);
      }
      h.awaitEnd();
      assertThat(h.output())
          .extracting(r -> r.atMillis() + " " + describe(r.part()))
          .containsExactly(
              "0 u1 40ms",
              "0 status thinking",
              "30 u1 40ms",
              "70 u1 20ms",
              "70 text caption",
              "70 generation_complete",
              "90 u2 40ms", // u1 has played until 100 ms: u2 follows it without overlap
              "130 u2 40ms");
    }
    assertThat(playback.heard("u1")).isEqualTo(Duration.ofMillis(100));
    assertThat(playback.heard("u2")).isEqualTo(Duration.ofMillis(80));
    assertThat(playback.wasInterrupted("u1")).isFalse();
  }

  @Test
  void playbackPositionFollowsTheReleasesWithinOneChunkOfWhatWasPlayed() throws Throwable {
    for (long cutAtMs : new long[] {1, 39, 40, 41, 777, 1_234, 2_940}) {
      VirtualClock c = Clock.virtual();
      PlaybackTracker tracker = PlaybackTracker.create();
      AudioRateLimiter limiter = AudioRateLimiter.builder().clock(c).playback(tracker).build();
      try (LimiterHarness h = new LimiterHarness(limiter, c)) {
        h.put(audio(3_000, "u"));
        h.awaitOutput(1);
        int releases = 1;
        while (h.nextRelease() <= cutAtMs * MS) {
          h.step();
          h.awaitOutput(++releases);
        }
        c.advanceTo(cutAtMs * MS);
        h.put(ProcessorPart.interrupted());
        assertThat(h.awaitOutput(releases + 1).get(releases).part())
            .isEqualTo(ProcessorPart.interrupted());
        Duration heard = tracker.heard("u");
        // Released audio runs ahead of playback by at most one chunk plus the lead, never behind.
        assertThat(heard)
            .as("cut at %d ms", cutAtMs)
            .isGreaterThanOrEqualTo(Duration.ofMillis(cutAtMs))
            .isLessThanOrEqualTo(Duration.ofMillis(cutAtMs + 40 + 10));
        assertThat(tracker.wasInterrupted("u")).isTrue();
      }
    }
  }

  @Test
  void lateAudioOfTheSameStreamCountsAnUnderrunAndRestartsTheSchedule() throws Throwable {
    AudioRateLimiter limiter = limiter().build();
    try (LimiterHarness h = new LimiterHarness(limiter, clock)) {
      h.put(audio(80, "u1"));
      h.awaitOutput(1);
      h.step(); // 30 ms; the 80 ms have played by 80 ms
      h.awaitOutput(2);
      clock.advanceTo(75 * MS);
      h.put(audio(40, "u1")); // after the release time (70), before playback ran dry (80): fine
      h.awaitOutput(3);
      clock.advanceTo(150 * MS);
      h.put(audio(80, "u1")); // the listener heard silence from 120 to 150 ms: an underrun
      List<Released> out = h.awaitOutput(4);
      assertThat(out.get(3).at()).isEqualTo(150 * MS);
      assertThat(limiter.stats().underruns()).isEqualTo(1); // this one, of the same stream
      h.step();
      assertThat(h.awaitOutput(5).get(4).at()).isEqualTo(180 * MS); // restarted at 150
      h.put(ProcessorPart.endOfTurn());
      h.awaitOutput(6);
      clock.advanceTo(900 * MS);
      h.put(audio(40, "u2")); // a new turn after a pause is not an underrun
      h.endInput();
      h.awaitEnd();
      assertThat(h.output())
          .extracting(Released::atMillis)
          .containsExactly(0L, 30L, 75L, 150L, 180L, 180L, 900L);
    }
    assertThat(limiter.stats().underruns()).isEqualTo(1);
  }

  @Test
  void audioThatArrivesInRealTimeCausesNoUnderrun() throws Throwable {
    AudioRateLimiter limiter = limiter().build();
    try (LimiterHarness h = new LimiterHarness(limiter, clock)) {
      for (int i = 0; i < 25; i++) {
        clock.advanceTo(i * 40 * MS);
        h.put(audio(40, "u1"));
        h.awaitOutput(i + 1);
      }
      h.endInput();
      h.awaitEnd();
      assertThat(h.output()).extracting(Released::atMillis).startsWith(0L, 40L, 80L);
    }
    assertThat(limiter.stats().underruns()).isZero();
    assertThat(playback.heard("u1")).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void chunksJoinConsecutivePartsOfOneStreamOnly() throws Throwable {
    try (LimiterHarness h = new LimiterHarness(limiter().lead(Duration.ZERO).build(), clock)) {
      h.put(audio(60, "u1"));
      h.awaitOutput(1);
      h.put(audio(30, "u1").withMetadata("seq", 2));
      h.put(audio(30, "u2"));
      h.awaitAccepted(3);
      h.endInput();
      h.step();
      h.step();
      h.step();
      h.awaitEnd();
      assertThat(h.output())
          .extracting(
              r ->
                  r.atMillis()
                      + " "
                      + describe(r.part())
                      + " seq="
                      + r.part().metadataLong("seq").orElse(0L))
          .containsExactly(
              "0 u1 40ms seq=0", "40 u1 40ms seq=0", "80 u1 10ms seq=2", "90 u2 30ms seq=0");
    }
  }

  @Test
  void closingARunEndsTheReleaseTaskAndReportsTheCutUtterance() {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    AudioRateLimiter limiter = limiter().build();
    for (int i = 0; i < 20; i++) {
      try (ProcessorRun run = limiter.start(List.of(audio(10_000, "run" + i)), threads.options())) {
        Iterator<ProcessorPart> it = run.iterator();
        assertThat(it.next()).isNotNull(); // the first chunk; the rest waits for the clock
      }
      assertThat(threads.alive()).as("threads of run %d after close", i).isEmpty();
      assertThat(playback.wasInterrupted("run" + i)).isTrue();
    }
    // Each run: its stage and one release task, both made by the run's thread factory.
    assertThat(threads.names())
        .hasSize(40)
        .filteredOn(n -> n.equals("processors:" + RateLimiterRun.RELEASE_TASK))
        .hasSize(20);
  }

  @Test
  void everyThreadThatEmitsIsMadeByTheRunsThreadFactory() throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    AudioRateLimiter limiter = limiter().build();
    List<Thread> emitters = new java.util.concurrent.CopyOnWriteArrayList<>();
    Processor watched =
        (in, out) ->
            limiter.process(
                in,
                p -> {
                  emitters.add(Thread.currentThread());
                  out.emit(p);
                });
    dev.processors.core.PartQueue input = dev.processors.core.PartQueue.create();
    try (ProcessorRun run = watched.start(input, threads.options())) {
      Iterator<ProcessorPart> it = run.iterator();
      input.put(audio(80, "u1"));
      input.put(ProcessorPart.status("overtakes"));
      input.put(ProcessorPart.text("after the audio"));
      input.close();
      it.next();
      it.next();
      clock.awaitSleepers(1);
      clock.advance(Duration.ofMillis(30));
      assertThat(run.toList()).hasSize(2);
    }
    assertThat(emitters).hasSize(4).allSatisfy(t -> assertThat(threads.made(t)).isTrue());
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void anInterruptionCutsOffAnEmitBlockedDownstreamAndHandsOverToAFreshReleaseTask()
      throws Exception {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    AudioRateLimiter limiter = limiter().build();
    java.util.concurrent.CountDownLatch emitBlocked = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger audioEmits = new AtomicInteger();
    // The first chunk's emit waits as if the next stage were full, until it is cut off.
    Processor stuckDownstream =
        (in, out) ->
            limiter.process(
                in,
                p -> {
                  if (PcmFormat.of(p).isPresent() && audioEmits.getAndIncrement() == 0) {
                    emitBlocked.countDown();
                    try {
                      new java.util.concurrent.CountDownLatch(1).await();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                      throw new java.util.concurrent.CancellationException("emit cut off");
                    }
                  }
                  out.emit(p);
                });
    dev.processors.core.PartQueue input = dev.processors.core.PartQueue.create();
    try (ProcessorRun run = stuckDownstream.start(input, threads.options())) {
      Iterator<ProcessorPart> it = run.iterator();
      input.put(audio(1_000, "u1"));
      assertThat(emitBlocked.await(10, TimeUnit.SECONDS)).isTrue();
      input.put(ProcessorPart.interrupted());
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted()); // nothing of u1 got out
      input.put(audio(80, "u2"));
      ProcessorPart next = it.next();
      assertThat(next.metadataString(PlaybackTracker.UTTERANCE_ID)).contains("u2");
      assertThat(clock.nanoTime()).isZero(); // all of it without moving the clock
      input.close();
      clock.awaitSleepers(1);
      clock.advance(Duration.ofMillis(30));
      assertThat(run.toList()).hasSize(1);
    }
    assertThat(playback.heard("u1")).isZero();
    assertThat(playback.wasInterrupted("u1")).isTrue();
    assertThat(playback.heard("u2")).isEqualTo(Duration.ofMillis(80));
    assertThat(limiter.stats().droppedAudio()).isEqualTo(Duration.ofMillis(1_000));
    assertThat(limiter.stats().releasedAudio()).isEqualTo(Duration.ofMillis(80));
    assertThat(threads.names())
        .filteredOn(n -> n.equals("processors:" + RateLimiterRun.RELEASE_TASK))
        .hasSize(2); // the one cut off and its successor
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void inAPipelineTheInterruptionReachesTheEndAndNothingQueuedPlays() throws Exception {
    List<ProcessorPart> played = new ArrayList<>();
    Processor speaker =
        (in, out) -> {
          for (ProcessorPart p : in) {
            played.add(p);
            out.emit(p);
          }
        };
    dev.processors.core.PartQueue input = dev.processors.core.PartQueue.create();
    try (ProcessorRun run = limiter().build().andThen(speaker).start(input)) {
      Iterator<ProcessorPart> it = run.iterator();
      input.put(audio(5_000, "u1"));
      assertThat(PcmFormat.of(it.next())).isPresent();
      input.put(ProcessorPart.interrupted());
      assertThat(it.next()).isEqualTo(ProcessorPart.interrupted());
      input.close();
      assertThat(it.hasNext()).isFalse();
    }
    assertThat(played).hasSize(2);
    assertThat(playback.heard("u1")).isEqualTo(Duration.ofMillis(40));
  }

  @Test
  void interruptionsAtRandomMomentsNeverLetCutAudioThroughAndKeepTheCountsExact() throws Exception {
    java.util.Random random = new java.util.Random(42);
    for (int rep = 0; rep < 100; rep++) {
      VirtualClock c = Clock.virtual();
      PlaybackTracker tracker = PlaybackTracker.create();
      AudioRateLimiter limiter = AudioRateLimiter.builder().clock(c).playback(tracker).build();
      dev.processors.core.PartQueue input = dev.processors.core.PartQueue.create();
      List<ProcessorPart> out = java.util.Collections.synchronizedList(new ArrayList<>());
      int sinkDelay = random.nextInt(3);
      Thread stage =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      limiter.process(
                          dev.processors.core.PartStream.of(input),
                          p -> {
                            out.add(p);
                            if (sinkDelay > 0) {
                              LockSupport.parkNanos(sinkDelay * 100_000L); // a slow next stage
                            }
                          });
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  });
      Thread driver =
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (!Thread.currentThread().isInterrupted()) {
                      c.nextDeadline().ifPresent(c::advanceTo);
                      Thread.yield();
                    }
                  });
      input.put(audio(2_000, "a"));
      while (input.size() > 0) { // taken by the limiter, so the queue cannot drop it
        Thread.onSpinWait();
      }
      LockSupport.parkNanos(random.nextInt(2_000_000));
      input.put(ProcessorPart.interrupted());
      input.put(audio(80, "b"));
      input.close();
      stage.join(TimeUnit.SECONDS.toMillis(10));
      driver.interrupt();
      driver.join();
      assertThat(stage.isAlive()).isFalse();
      int signal = out.indexOf(ProcessorPart.interrupted());
      assertThat(signal).as("rep %d: %s", rep, out).isNotNegative();
      assertThat(out.subList(0, signal))
          .allSatisfy(
              p -> assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains("a"));
      assertThat(out.subList(signal + 1, out.size()))
          .hasSize(2)
          .allSatisfy(
              p -> assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains("b"));
      assertThat(tracker.heard("a")).isEqualTo(Duration.ofMillis(40L * signal));
      assertThat(tracker.wasInterrupted("a")).isTrue();
      assertThat(tracker.heard("b")).isEqualTo(Duration.ofMillis(80));
      assertThat(limiter.stats().releasedAudio().plus(limiter.stats().droppedAudio()))
          .isEqualTo(Duration.ofMillis(2_080));
    }
  }

  @Test
  void badAudioAndFailingDownstreamStagesFailTheRunNamingTheCause() {
    Processor limiter = limiter().build();
    assertThatThrownBy(() -> limiter.apply(List.of(ProcessorPart.audio(new byte[3], 16_000))))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("AudioRateLimiter")
        .hasRootCauseMessage(
            "audio part of 3 bytes is not a whole number of 16000 Hz mono frames (2 bytes each): ProcessorPart[Blob[audio/pcm;rate=16000, 3 bytes]]");
    assertThatThrownBy(
            () -> limiter.apply(List.of(ProcessorPart.blob(new byte[2], "audio/pcm;rate=96000"))))
        .hasMessageContaining("96000");
    Processor failing =
        (in, out) -> {
          in.next();
          throw new IllegalStateException("speaker broke");
        };
    assertThatThrownBy(() -> limiter.andThen(failing).apply(List.of(audio(1_000, "u"))))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("speaker broke");
  }

  @Test
  void badSettingsAreRejectedNamingTheSetting() {
    assertThatThrownBy(() -> AudioRateLimiter.builder().chunk(Duration.ofMillis(1)))
        .hasMessageContaining("chunk");
    assertThatThrownBy(() -> AudioRateLimiter.builder().lead(Duration.ofMillis(-1)))
        .hasMessageContaining("lead");
    assertThatThrownBy(() -> AudioRateLimiter.builder().maxBuffered(Duration.ofMillis(1)))
        .hasMessageContaining("maxBuffered");
    AudioRateLimiter defaults = AudioRateLimiter.create();
    assertThat(defaults.chunk()).isEqualTo(Duration.ofMillis(40));
    assertThat(defaults.lead()).isEqualTo(Duration.ofMillis(10));
    assertThat(defaults.playback()).isEmpty();
    assertThat(limiter().build().playback()).containsSame(playback);
    // The ends of each documented range are accepted.
    AudioRateLimiter.builder()
        .chunk(Duration.ofMillis(5))
        .chunk(Duration.ofSeconds(1))
        .lead(Duration.ZERO)
        .lead(Duration.ofSeconds(1))
        .maxBuffered(Duration.ofMillis(100))
        .maxBuffered(Duration.ofMinutes(10));
  }

  private static ProcessorPart audio(long millis, String utterance) {
    return MONO_16K
        .part(new byte[(int) MONO_16K.bytes(Duration.ofMillis(millis))])
        .withRole(ProcessorPart.MODEL)
        .withMetadata(PlaybackTracker.UTTERANCE_ID, utterance);
  }

  private static String describe(ProcessorPart p) {
    if (PcmFormat.of(p).isPresent()) {
      return p.metadataString(PlaybackTracker.UTTERANCE_ID).orElse("?")
          + " "
          + PcmAudio.of(p).duration().toMillis()
          + "ms";
    }
    if (p.content() instanceof dev.processors.core.Content.Signal s) {
      return s.kind().wireName();
    }
    return (p.isOutOfBand() ? p.substream() : "text") + " " + p.text().orElse("");
  }
}
