package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.assistant.LocalAssistant;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/run assistant-service --demo}, offline: local Redis and RabbitMQ (Debian's packages),
 * the fake model, the service, and the demo conversation printed frame by frame.
 */
class AssistantServiceExampleTest {
  @Test
  void theDemoStartsEverythingAndPrintsBothAnswersFrameByFrame() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    LocalAssistant.run(Map.of(), true, out);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains("Redis     redis://127.0.0.1:")
        .contains("RabbitMQ  amqp://guest:guest@127.0.0.1:")
        .contains("model     simulated, offline")
        .contains("> Hello! Who are you?")
        .contains("> What's the weather in Lisbon?")
        .containsPattern("\\d+ ms  started +Assistant is processing your request...")
        .containsPattern(
            "\\d+ ms  processing +Assistant is gathering information \\(get_weather\\)")
        .containsPattern("\\d+ ms  in_progress +\\[simulated\\]")
        .containsPattern("\\d+ ms  completed +\\[simulated\\] In Lisbon");
    assertThat(printed.split("completed", -1)).hasSize(3); // two answers
  }
}
