package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.processors.core.Clock;
import dev.processors.core.PartQueue;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class SourcesAndSinksTest {
  private static final PcmFormat MONO_24K = PcmFormat.mono(24_000);

  @TempDir Path dir;

  @Test
  void wavFileSinkWritesTheAudioAndPassesEveryPartOn() {
    PcmAudio clip = Signals.noise(MONO_24K, 0.2, Duration.ofMillis(500), 1);
    List<ProcessorPart> input = new ArrayList<>(clip.toParts(Duration.ofMillis(40)));
    input.add(3, ProcessorPart.text("caption"));
    input.add(ProcessorPart.endOfTurn());
    Path file = dir.resolve("out.wav");
    assertThat(WavFileSink.to(file).apply(input)).isEqualTo(input);
    assertThat(WavFile.read(file)).isEqualTo(clip);
  }

  @Test
  void wavFileSinkLeavesAValidFileWhenTheRunIsClosedEarly() throws Exception {
    Path file = dir.resolve("cut.wav");
    PcmAudio clip = Signals.noise(MONO_24K, 0.2, Duration.ofMillis(120), 2);
    PartQueue input = PartQueue.create();
    try (ProcessorRun run = WavFileSink.to(file).start(input)) {
      Iterator<ProcessorPart> it = run.iterator();
      input.put(clip.toPart());
      it.next();
    } // closed while the input is still open
    assertThat(WavFile.read(file)).isEqualTo(clip);
  }

  @Test
  void wavFileSinkWithAFormatWritesAnEmptyFileWithoutAudioAndRejectsOtherFormats() {
    Path empty = dir.resolve("empty.wav");
    WavFileSink.to(empty, MONO_24K).apply(List.of(ProcessorPart.text("no audio")));
    assertThat(WavFile.read(empty)).isEqualTo(PcmAudio.of(MONO_24K, new byte[0]));

    Path none = dir.resolve("none.wav");
    WavFileSink.to(none).apply(List.of(ProcessorPart.text("no audio")));
    assertThat(Files.exists(none)).isFalse();

    Path mixed = dir.resolve("mixed.wav");
    assertThatThrownBy(
            () ->
                WavFileSink.to(mixed)
                    .apply(
                        List.of(
                            ProcessorPart.audio(new byte[4], 24_000),
                            ProcessorPart.audio(new byte[4], 16_000))))
        .isInstanceOf(ProcessorException.class)
        .hasMessageContaining("mixed.wav holds 24000 Hz mono audio; got a part in 16000 Hz mono");
    assertThat(WavFile.read(mixed).size()).isEqualTo(4);
  }

  @Test
  void aWavFileSinkWritesForOneRunAtATime() throws Exception {
    WavFileSink sink = WavFileSink.to(dir.resolve("one.wav"));
    PartQueue first = PartQueue.create();
    try (ProcessorRun run = sink.start(first)) {
      first.put(ProcessorPart.audio(new byte[2], 24_000));
      run.iterator().next();
      assertThatThrownBy(() -> sink.apply(List.of(ProcessorPart.audio(new byte[2], 24_000))))
          .hasRootCauseInstanceOf(IllegalStateException.class)
          .hasMessageContaining("already writing in another run");
    }
    assertThat(sink.apply(List.of(ProcessorPart.text("again")))).hasSize(1);
    // One run after another, each completing normally, each writing the file afresh.
    sink.apply(List.of(ProcessorPart.audio(new byte[4], 24_000)));
    sink.apply(List.of(ProcessorPart.audio(new byte[6], 24_000)));
    assertThat(WavFile.read(sink.file()).size()).isEqualTo(6);
  }

  @Test
  void wavFileSourcePacesChunksInRealTimeOnTheClock() throws Exception {
    Path file = dir.resolve("in.wav");
    PcmAudio clip = Signals.noise(PcmFormat.mono(16_000), 0.2, Duration.ofMillis(90), 3);
    WavFile.write(file, clip);
    VirtualClock clock = Clock.virtual();
    clock.advance(Duration.ofSeconds(1)); // the pace starts when the source is first read
    WavFileSource source =
        WavFileSource.builder(file).clock(clock).chunk(Duration.ofMillis(20)).build();
    List<Long> times = new ArrayList<>();
    List<PcmAudio> chunks = new ArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  for (ProcessorPart p : source) {
                    times.add(clock.nanoTime());
                    chunks.add(PcmAudio.of(p));
                  }
                  done.countDown();
                });
    while (!done.await(1, TimeUnit.MILLISECONDS)) {
      if (clock.nextDeadline().isPresent() && clock.nextDeadline().getAsLong() > clock.nanoTime()) {
        clock.advanceTo(clock.nextDeadline().getAsLong());
      }
    }
    reader.join();
    long s = 1_000_000_000L;
    assertThat(times)
        .containsExactly(s, s + 20_000_000L, s + 40_000_000L, s + 60_000_000L, s + 80_000_000L);
    assertThat(PcmAudio.concat(chunks)).isEqualTo(clip);
    assertThat(chunks.get(4).duration()).isEqualTo(Duration.ofMillis(10));

    List<ProcessorPart> fast = new ArrayList<>();
    WavFileSource.builder(file)
        .realTime(false)
        .role(ProcessorPart.MODEL)
        .build()
        .forEach(fast::add);
    assertThat(fast)
        .hasSize(5)
        .allSatisfy(p -> assertThat(p.role()).isEqualTo(ProcessorPart.MODEL));
    // The ends of the documented chunk range are accepted.
    assertThat(WavFileSource.builder(file).realTime(false).chunk(Duration.ofMillis(1)).build())
        .hasSize(90);
    assertThat(WavFileSource.builder(file).realTime(false).chunk(Duration.ofSeconds(10)).build())
        .hasSize(1);
    assertThatThrownBy(() -> WavFileSource.of(dir.resolve("nope.wav")).iterator())
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("nope.wav");
  }

  @Test
  void aSourceInterruptedWhilePacingEndsWithACancellationAndKeepsTheInterrupt() {
    Path file = dir.resolve("paced.wav");
    WavFile.write(file, PcmAudio.silence(PcmFormat.mono(16_000), Duration.ofMillis(100)));
    Iterator<ProcessorPart> it =
        WavFileSource.builder(file).clock(Clock.virtual()).build().iterator();
    it.next(); // the first chunk at once; the next one waits 20 ms on the clock
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(it::next)
          .isInstanceOf(java.util.concurrent.CancellationException.class)
          .hasMessageContaining("paced.wav");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void speakerSinkFailsClearlyWhenThereIsNoSoundDevice() {
    // The device buffer's documented range, checked without a device.
    assertThat(
            SpeakerSink.builder()
                .buffer(Duration.ofMillis(20))
                .buffer(Duration.ofSeconds(2))
                .build())
        .isNotNull();
    assertThatThrownBy(() -> SpeakerSink.builder().buffer(Duration.ofMillis(19)))
        .hasMessageContaining("buffer must be 20 ms to 2 s");
    assumeFalse(SpeakerSink.isAvailable(MONO_24K), "this machine can play sound; nothing to check");
    Processor speaker = SpeakerSink.create();
    // Parts without audio never need the device, an interruption included. (Apart: in one run
    // the interruption would overtake the text and drop it, as a pipeline does.)
    assertThat(speaker.apply(List.of(ProcessorPart.text("hi")))).hasSize(1);
    assertThat(speaker.apply(List.of(ProcessorPart.interrupted())))
        .containsExactly(ProcessorPart.interrupted());
    assertThatThrownBy(() -> speaker.apply(List.of(ProcessorPart.audio(new byte[480], 24_000))))
        .isInstanceOf(ProcessorException.class)
        .satisfies(e -> assertThat(((ProcessorException) e).stage()).isEqualTo("SpeakerSink"))
        .cause()
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("no audio output line is available for 16-bit PCM 24000 Hz mono")
        .hasMessageContaining("WavFileSink");
  }

  @Test
  void theReadmeExampleRecordsWhatWasHeardAndReportsTheCut() throws Exception {
    VirtualClock clock = Clock.virtual();
    PlaybackTracker playback = PlaybackTracker.create();
    AudioRateLimiter limiter = AudioRateLimiter.builder().clock(clock).playback(playback).build();
    Path heardFile = dir.resolve("heard.wav");
    PartQueue modelAudio = PartQueue.create();
    PcmAudio answer = Signals.tone(MONO_24K, 440, 0.3, Duration.ofSeconds(3));
    Duration released;
    try (ProcessorRun run = limiter.andThen(WavFileSink.to(heardFile)).start(modelAudio)) {
      for (ProcessorPart p : answer.toParts(Duration.ofMillis(100))) {
        modelAudio.put(
            p.withRole(ProcessorPart.MODEL).withMetadata(PlaybackTracker.UTTERANCE_ID, "turn-1"));
      }
      Iterator<ProcessorPart> out = run.iterator();
      // A chunk is shorter when the limiter has not read the next part yet at its release time,
      // so count what came out rather than assume 40 ms each.
      released = PcmAudio.of(out.next()).duration(); // at 0 ms
      for (int i = 0; i < 10; i++) { // 10 more chunks, about 400 ms of audio in all
        clock.awaitSleepers(1);
        clock.advanceTo(clock.nextDeadline().getAsLong());
        released = released.plus(PcmAudio.of(out.next()).duration());
      }
      modelAudio.put(ProcessorPart.interrupted()); // the user barged in
      assertThat(out.next()).isEqualTo(ProcessorPart.interrupted());
      modelAudio.close();
      assertThat(out.hasNext()).isFalse();
    }
    // 11 chunks of 40 ms; one that ends a 100 ms part the limiter has read alone is 20 ms.
    assertThat(released).isBetween(Duration.ofMillis(220), Duration.ofMillis(440));
    assertThat(playback.heard("turn-1")).isEqualTo(released);
    assertThat(playback.wasInterrupted("turn-1")).isTrue();
    assertThat(WavFile.read(heardFile)).isEqualTo(answer.slice(0, (int) MONO_24K.frames(released)));
  }

  @Test
  void theReadmeExampleWorksOnTheSystemClock() throws Exception {
    PcmAudio answer = Signals.tone(MONO_24K, 440, 0.3, Duration.ofSeconds(3));
    Path heardFile = dir.resolve("heard.wav");
    // --- as in the README ---
    PlaybackTracker playback = PlaybackTracker.create();
    AudioRateLimiter limiter = AudioRateLimiter.builder().playback(playback).build();
    PartQueue modelAudio = PartQueue.create();
    try (ProcessorRun run = limiter.andThen(WavFileSink.to(heardFile)).start(modelAudio)) {
      for (ProcessorPart p : answer.toParts(Duration.ofMillis(100))) {
        modelAudio.put(
            p.withRole(ProcessorPart.MODEL).withMetadata(PlaybackTracker.UTTERANCE_ID, "turn-1"));
      }
      Thread.sleep(1_000);
      modelAudio.put(ProcessorPart.interrupted());
      modelAudio.close();
      run.forEach(part -> {});
    }
    Duration heard = playback.heard("turn-1");
    // --- wall clock on a busy machine: generous bounds only (the sink may lag what was heard,
    // and a loaded machine may release less than the second slept; 3 s uncut would be wrong) ---
    assertThat(heard).isBetween(Duration.ofMillis(100), Duration.ofMillis(2_500));
    assertThat(playback.wasInterrupted("turn-1")).isTrue();
    assertThat(WavFile.read(heardFile).duration()).isPositive().isLessThanOrEqualTo(heard);
  }
}
