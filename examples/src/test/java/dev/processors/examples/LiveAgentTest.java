package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.audio.PcmAudio;
import dev.processors.audio.PcmFormat;
import dev.processors.audio.WavFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveAgentTest {

  @Test
  void theVoiceAgentAnswersIsInterruptedAndAnswersAgainOffline(@TempDir Path dir) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    LiveAgent.Result result =
        LiveAgent.run(
            new PrintStream(bytes, true, StandardCharsets.UTF_8), dir, 4.0, Optional.empty());
    String console = bytes.toString(StandardCharsets.UTF_8);

    assertThat(result.simulated()).isTrue();
    assertThat(result.transcript()).hasSize(2);
    assertThat(result.transcript().get(0)).startsWith("[simulated] In Paris");
    assertThat(result.transcript().get(1)).startsWith("[simulated] Rome");
    // This run is on the system clock (4x), so a loaded machine can move the user's barge-in
    // before or after the agent's first answer: the scripted outcome (exactly one barge-in, at
    // its instant) is asserted on the virtual clock by LiveAgentReplayTest. Here: the run holds
    // together, whatever the machine did to its timing.
    long interruptions = result.interruptions();
    assertThat(interruptions).isBetween(0L, 2L);
    assertThat(occurrences(console, "agent interrupted")).isEqualTo((int) interruptions);
    if (interruptions > 0) {
      // The user barged in during an answer: it stopped and its queued audio was dropped.
      assertThat(result.droppedAudio().toMillis()).isPositive();
      assertThat(console.indexOf("user starts speaking", console.indexOf("agent says")))
          .isLessThan(console.indexOf("agent interrupted"));
    }
    // What was heard: at most both answers (8.5 s and 5.1 s), at least the second.
    assertThat(result.heard().toMillis()).isBetween(5_000L, 14_000L);
    double written = WavFile.read(result.audio()).duration().toMillis();
    assertThat(written)
        .isCloseTo(result.heard().toMillis(), org.assertj.core.data.Offset.offset(250.0));
    // Live figures were printed, and a report was written.
    assertThat(console)
        .contains("| [")
        .contains("voice agent: ")
        .contains("errors 0 · interruptions ");
    String report = Files.readString(result.report());
    assertThat(report).contains("Where does the latency go");
    // The report (issue 16): the one barge-in is one warning, on the agent, with its two turns;
    // the offline model is labelled as simulated; each stage is measured once, and no stage is
    // a whole chain measured again.
    assertThat(occurrences(report, "\"kind\" : \"frequent_interruptions\""))
        .isEqualTo(interruptions > 0 ? 1 : 0);
    if (interruptions == 1) {
      assertThat(report).contains("Users interrupted 'voice agent' once in 2 turns");
    }
    assertThat(report).contains("\"name\" : \"live-api(simulated)\"").doesNotContain("gemini-live");
    assertThat(report).doesNotContain("\"name\" : \"VoiceActivityProcessor -");
    assertThat(occurrences(report, "\"name\" : \"AudioRateLimiter\"")).isEqualTo(1);

    // The whole conversation on one time line: the user left, the agent right.
    PcmAudio conversation = WavFile.read(result.conversation());
    assertThat(conversation.format()).isEqualTo(PcmFormat.stereo(24_000));
    boolean[] user = active(conversation, 0);
    boolean[] agent = active(conversation, 1);
    double userSpoke = count(user) * 0.02;
    double userWav = WavFile.read(dir.resolve("user.wav")).duration().toMillis() / 1e3;
    assertThat(userSpoke).as("seconds of user voice").isBetween(2.0, userWav);
    double heard = result.heard().toMillis() / 1e3;
    assertThat(count(agent) * 0.02) // what was played, less the quiet between words
        .as("seconds of agent voice, as heard")
        .isBetween(0.6 * heard, heard + 0.3);
    // The agent answers after the user's first question; a barge-in overlaps the agent's voice
    // briefly: the agent stops soon after the user starts again.
    assertThat(first(agent)).isGreaterThan(first(user));
    int bothAtOnce = 0;
    for (int i = 0; i < user.length; i++) {
      bothAtOnce += user[i] && agent[i] ? 1 : 0;
    }
    if (interruptions > 0) {
      assertThat(bothAtOnce * 0.02).as("seconds of barge-in overlap").isBetween(0.0, 3.0);
    }

    // The closing summary names every file the run wrote.
    try (Stream<Path> listing = Files.list(dir)) {
      List<Path> files = listing.toList();
      assertThat(files)
          .extracting(p -> p.getFileName().toString())
          .containsExactlyInAnyOrder("agent.wav", "conversation.wav", "report.html", "user.wav");
      String summary = console.substring(console.indexOf("live-agent: files written:"));
      for (Path file : files) {
        assertThat(summary).contains(file.toString());
      }
    }
  }

  /** Which 20 ms frames of {@code channel} hold sound (RMS above about -50 dBFS). */
  private static boolean[] active(PcmAudio stereo, int channel) {
    short[] s = stereo.samples();
    int frame = stereo.format().sampleRate() / 50;
    boolean[] on = new boolean[s.length / 2 / frame];
    for (int f = 0; f < on.length; f++) {
      double sum = 0;
      for (int i = f * frame; i < (f + 1) * frame; i++) {
        sum += (double) s[2 * i + channel] * s[2 * i + channel];
      }
      on[f] = Math.sqrt(sum / frame) > 100;
    }
    return on;
  }

  private static int count(boolean[] on) {
    int n = 0;
    for (boolean b : on) {
      n += b ? 1 : 0;
    }
    return n;
  }

  private static int first(boolean[] on) {
    for (int i = 0; i < on.length; i++) {
      if (on[i]) {
        return i;
      }
    }
    return -1;
  }

  private static int occurrences(String text, String needle) {
    return text.split(java.util.regex.Pattern.quote(needle), -1).length - 1;
  }
}
