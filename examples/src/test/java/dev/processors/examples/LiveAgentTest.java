package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.audio.WavFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
    // The user barged in during the first answer: it stopped and its queued audio was dropped.
    assertThat(result.interruptions()).isEqualTo(1);
    assertThat(result.droppedAudio().toMillis()).isGreaterThan(1_000);
    assertThat(console).contains("agent interrupted");
    assertThat(console.indexOf("user starts speaking", console.indexOf("agent says")))
        .isLessThan(console.indexOf("agent interrupted"));
    // What was heard: part of the first answer (8.5 s long) and all of the second (5.1 s).
    assertThat(result.heard().toMillis()).isBetween(5_500L, 12_000L);
    double written = WavFile.read(result.audio()).duration().toMillis();
    assertThat(written)
        .isCloseTo(result.heard().toMillis(), org.assertj.core.data.Offset.offset(250.0));
    // Live figures were printed, and a report was written.
    assertThat(console)
        .contains("| [")
        .contains("voice agent: ")
        .contains("errors 0 · interruptions ");
    assertThat(Files.readString(result.report())).contains("Where does the latency go");
  }
}
