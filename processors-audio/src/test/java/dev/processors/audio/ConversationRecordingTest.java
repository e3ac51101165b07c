package dev.processors.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.PartQueue;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.VirtualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class ConversationRecordingTest {
  private static final PcmFormat MONO_16K = PcmFormat.mono(16_000);
  private static final short USER = 1_000;
  private static final short BARGE_IN = 3_000;
  private static final short AGENT = -2_000;

  @TempDir Path dir;

  @Test
  void theUserIsLeftTheAgentRightEachAtItsTimeWithSilenceElsewhereAndTheBargeInCutsTheAgent()
      throws Exception {
    VirtualClock clock = Clock.virtual();
    Path file = dir.resolve("conversation.wav");
    PartQueue mic = PartQueue.create();
    PartQueue speaker = PartQueue.create();
    try (ConversationRecording conversation =
            ConversationRecording.builder(file).clock(clock).sampleRate(16_000).build();
        ProcessorRun user = conversation.user().start(mic);
        ProcessorRun agent = conversation.agent().start(speaker)) {
      Iterator<ProcessorPart> heard = user.iterator();
      Iterator<ProcessorPart> played = agent.iterator();

      clock.advanceTo(ms(100)); // the user asks for 200 ms
      passes(mic, heard, constant(USER, 200));
      clock.advanceTo(ms(900)); // the agent answers: 600 ms queued at once, in two parts
      passes(speaker, played, constant(AGENT, 350));
      passes(speaker, played, constant(AGENT, 250));
      clock.advanceTo(ms(1_100)); // the user barges in
      passes(mic, heard, constant(BARGE_IN, 200));
      clock.advanceTo(ms(1_150)); // and the agent is interrupted 50 ms later
      passes(speaker, played, ProcessorPart.interrupted());
      passes(speaker, played, ProcessorPart.text("captions pass through too"));
      mic.close();
      speaker.close();
      assertThat(heard.hasNext()).isFalse();
      assertThat(played.hasNext()).isFalse();
    }

    PcmAudio wav = WavFile.read(file);
    assertThat(wav.format()).isEqualTo(PcmFormat.stereo(16_000));
    assertThat(wav.duration()).isEqualTo(Duration.ofMillis(1_500)); // the agent's queue's end
    short[] s = wav.samples();
    assertChannel(s, 0, 0, 100, (short) 0);
    assertChannel(s, 0, 100, 300, USER);
    assertChannel(s, 0, 300, 1_100, (short) 0);
    assertChannel(s, 0, 1_100, 1_300, BARGE_IN);
    assertChannel(s, 0, 1_300, 1_500, (short) 0);
    assertChannel(s, 1, 0, 900, (short) 0);
    assertChannel(s, 1, 900, 1_150, AGENT);
    assertChannel(s, 1, 1_150, 1_500, (short) 0); // cut at the instant of the interruption
  }

  @Test
  void userAudioReadLateIsLaidEndToEndAsTheMicrophoneRecordedItUntilAPause() throws Exception {
    VirtualClock clock = Clock.virtual();
    Path file = dir.resolve("late.wav");
    PartQueue mic = PartQueue.create();
    try (ConversationRecording conversation =
            ConversationRecording.builder(file)
                .clock(clock)
                .sampleRate(16_000)
                .userGap(Duration.ofMillis(500))
                .build();
        ProcessorRun user = conversation.user().start(mic)) {
      Iterator<ProcessorPart> heard = user.iterator();
      passes(mic, heard, constant(USER, 40)); // 0-40 ms
      clock.advanceTo(ms(100)); // a busy machine: the next two 40 ms parts are read only now
      passes(mic, heard, constant(USER, 40));
      passes(mic, heard, constant(USER, 40));
      clock.advanceTo(ms(120));
      passes(mic, heard, constant(USER, 40)); // on time again, and no drift: 120-160 ms
      clock.advanceTo(ms(800)); // 640 ms after the end: the microphone had paused
      passes(mic, heard, constant(BARGE_IN, 40));
      mic.close();
      assertThat(heard.hasNext()).isFalse();
    }
    short[] s = WavFile.read(file).samples();
    assertChannel(s, 0, 0, 160, USER);
    assertChannel(s, 0, 160, 800, (short) 0);
    assertChannel(s, 0, 800, 840, BARGE_IN);
    assertThatThrownBy(() -> ConversationRecording.builder(file).userGap(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userGap");
  }

  @Test
  void aRecordingStartedLateCountsFromItsStartAndCanBeWatchedWhileItGrows() throws Exception {
    VirtualClock clock = Clock.virtual();
    clock.advance(Duration.ofSeconds(5)); // the session has been running for a while
    Path file = dir.resolve("watched.wav");
    PartQueue mic = PartQueue.create();
    try (ConversationRecording conversation =
            ConversationRecording.builder(file).clock(clock).sampleRate(16_000).build();
        ProcessorRun user = conversation.user().start(mic)) {
      assertThat(conversation.file()).isEqualTo(file);
      assertThat(conversation.format()).isEqualTo(PcmFormat.stereo(16_000));
      Iterator<ProcessorPart> heard = user.iterator();
      clock.advance(Duration.ofMillis(100));
      passes(mic, heard, constant(USER, 40)); // 100-140 ms of the recording
      assertThat(conversation.duration()).isEqualTo(Duration.ofMillis(140)); // read mid-run
      clock.advance(Duration.ofMillis(540)); // at 640 ms: exactly the 500 ms userGap after 140
      passes(mic, heard, constant(BARGE_IN, 40)); // not later than the gap: end to end
      mic.close();
      assertThat(heard.hasNext()).isFalse();
    }
    short[] s = WavFile.read(file).samples();
    assertChannel(s, 0, 0, 100, (short) 0);
    assertChannel(s, 0, 100, 140, USER);
    assertChannel(s, 0, 140, 180, BARGE_IN);
    assertThat(s.length / 2).isEqualTo(16 * 180);
  }

  @Test
  void theFileIsAValidWavAfterEveryPartAndWhenTheRunIsCancelled() throws Exception {
    VirtualClock clock = Clock.virtual();
    Path file = dir.resolve("live.wav");
    PartQueue mic = PartQueue.create();
    ConversationRecording conversation = ConversationRecording.builder(file).clock(clock).build();
    assertThat(WavFile.read(file).size()).isZero();
    try (ProcessorRun user = conversation.user().start(mic)) {
      Iterator<ProcessorPart> heard = user.iterator();
      for (int i = 1; i <= 3; i++) {
        passes(mic, heard, constant(USER, 40));
        clock.advance(Duration.ofMillis(40));
        assertThat(WavFile.read(file).duration()).isEqualTo(Duration.ofMillis(40L * i));
      }
    } // cancelled with the microphone still open, and the recording never closed
    assertThat(WavFile.read(file).duration()).isEqualTo(Duration.ofMillis(120));
    assertThat(conversation.duration()).isEqualTo(Duration.ofMillis(120));
    conversation.close();
    conversation.close(); // idempotent
    assertThat(WavFile.read(file).format()).isEqualTo(PcmFormat.stereo(24_000));
  }

  @Test
  void otherRatesAreResampledAndStereoIsMixedDownOntoTheirChannel() throws Exception {
    VirtualClock clock = Clock.virtual();
    Path file = dir.resolve("mixed.wav");
    try (ConversationRecording conversation =
        ConversationRecording.builder(file).clock(clock).build()) {
      clock.advanceTo(ms(200));
      PcmAudio userAt16k = Signals.tone(MONO_16K, 300, 0.3, Duration.ofMillis(300));
      conversation.user().apply(List.of(userAt16k.toPart()));
      PcmAudio agentStereo = PcmAudio.silence(PcmFormat.stereo(24_000), Duration.ofMillis(100));
      short[] both = agentStereo.samples();
      for (int i = 0; i < both.length; i += 2) {
        both[i] = 4_000;
        both[i + 1] = 2_000;
      }
      conversation.agent().apply(List.of(PcmAudio.ofSamples(agentStereo.format(), both).toPart()));
    }
    short[] s = WavFile.read(file).samples();
    int rate = 24_000;
    assertThat(energy(s, 0, 0, 200, rate)).isZero();
    assertThat(energy(s, 0, 220, 480, rate)).isGreaterThan(1_000_000.0); // a 0.3 tone at 24 kHz
    assertChannel(s, 1, 200, 300, (short) 3_000, rate); // the mean of the two channels
    assertChannel(s, 1, 300, 500, (short) 0, rate);
  }

  @Test
  void writingToAClosedRecordingFailsNamingTheFile() {
    Path file = dir.resolve("closed.wav");
    ConversationRecording conversation =
        ConversationRecording.builder(file).clock(Clock.virtual()).build();
    conversation.user().apply(List.of(constant(USER, 20).toPart()));
    conversation.close();
    assertThatThrownBy(() -> conversation.agent().apply(List.of(constant(AGENT, 20).toPart())))
        .isInstanceOf(ProcessorException.class)
        .rootCause()
        .isInstanceOf(AudioException.class)
        .hasMessageContaining("closed.wav")
        .hasMessageContaining("closed");
    assertThatThrownBy(() -> ConversationRecording.builder(file).sampleRate(96_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("96000");
  }

  @Test
  void afterARateLimiterTheAgentIsPlacedAsPlayedAndCutAtTheInterruption() throws Exception {
    VirtualClock clock = Clock.virtual();
    Path file = dir.resolve("limited.wav");
    AudioRateLimiter limiter =
        AudioRateLimiter.builder().clock(clock).playback(PlaybackTracker.create()).build();
    PartQueue model = PartQueue.create();
    int cutMs;
    try (ConversationRecording conversation =
            ConversationRecording.builder(file).clock(clock).sampleRate(16_000).build();
        ProcessorRun run = limiter.andThen(conversation.agent()).start(model)) {
      Iterator<ProcessorPart> out = run.iterator();
      for (ProcessorPart p : constant(AGENT, 2_000).toParts(Duration.ofMillis(100))) {
        model.put(p.withRole(ProcessorPart.MODEL));
      }
      out.next(); // the first chunk, at 0 ms
      while (clock.nanoTime() < ms(1_000)) { // the rate limiter runs 10 ms ahead of playback
        clock.awaitSleepers(1);
        clock.advanceTo(clock.nextDeadline().getAsLong());
        out.next();
      }
      cutMs = (int) Duration.ofNanos(clock.nanoTime()).toMillis();
      model.put(ProcessorPart.interrupted());
      while (!out.next().isSignal(dev.processors.core.SignalKind.INTERRUPTED)) {
        // chunks already released before the signal overtook them
      }
      model.close();
      out.forEachRemaining(p -> {});
    }
    short[] s = WavFile.read(file).samples();
    // Released 10 ms ahead, the chunks play back to back from 0 until the interruption cuts them.
    assertThat(cutMs).isBetween(1_000, 1_040);
    assertChannel(s, 1, 0, cutMs, AGENT);
    assertChannel(s, 1, cutMs, s.length / 2 / 16, (short) 0);
    assertChannel(s, 0, 0, s.length / 2 / 16, (short) 0);
  }

  private static void passes(PartQueue in, Iterator<ProcessorPart> out, PcmAudio audio) {
    passes(in, out, audio.toPart());
  }

  /** Puts {@code part} in and waits until the stage has passed it on (so it has been written). */
  private static void passes(PartQueue in, Iterator<ProcessorPart> out, ProcessorPart part) {
    in.put(part);
    assertThat(out.next()).isEqualTo(part);
  }

  private static PcmAudio constant(short value, int millis) {
    short[] samples = new short[(int) MONO_16K.frames(Duration.ofMillis(millis))];
    Arrays.fill(samples, value);
    return PcmAudio.ofSamples(MONO_16K, samples);
  }

  private static long ms(long millis) {
    return Duration.ofMillis(millis).toNanos();
  }

  private static void assertChannel(short[] stereo, int channel, int fromMs, int toMs, short v) {
    assertChannel(stereo, channel, fromMs, toMs, v, 16_000);
  }

  private static void assertChannel(
      short[] stereo, int channel, int fromMs, int toMs, short value, int rate) {
    for (int frame = fromMs * rate / 1000; frame < toMs * rate / 1000; frame++) {
      assertThat(stereo[2 * frame + channel])
          .as("channel %d at %.4f s", channel, frame / (double) rate)
          .isEqualTo(value);
    }
  }

  private static double energy(short[] stereo, int channel, int fromMs, int toMs, int rate) {
    double sum = 0;
    for (int frame = fromMs * rate / 1000; frame < toMs * rate / 1000; frame++) {
      sum += (double) stereo[2 * frame + channel] * stereo[2 * frame + channel];
    }
    return sum;
  }
}
