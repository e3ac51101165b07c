package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveAgentFailureTest {

  @Test
  void anUnreachableOpenAiServerExitsNonZeroWithOneLineAndNoStaleOutputs(@TempDir Path dir)
      throws Exception {
    Path staleReport = Files.writeString(dir.resolve("report.html"), "<html>last run</html>");
    Path staleAudio = Files.writeString(dir.resolve("agent.wav"), "last run");
    Path staleConversation = Files.writeString(dir.resolve("conversation.wav"), "last run");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int code =
        LiveAgent.main(
            Map.of("OPENAI_BASE_URL", "http://127.0.0.1:1/v1", "OPENAI_API_KEY", "sk-secret-42"),
            dir,
            8.0,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));

    String error = err.toString(StandardCharsets.UTF_8);
    assertThat(code).isEqualTo(1);
    assertThat(error.lines()).hasSize(1);
    assertThat(error)
        .startsWith("error: live-agent failed: OpenAI: the service cannot be reached (")
        .contains("check the network or OPENAI_BASE_URL")
        .doesNotContain("sk-secret-42");
    // It said it used the base URL, and nothing of the earlier run is left to look current.
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("(OPENAI_BASE_URL)");
    assertThat(staleReport).doesNotExist();
    assertThat(staleAudio).doesNotExist();
    assertThat(staleConversation).doesNotExist();
  }
}
