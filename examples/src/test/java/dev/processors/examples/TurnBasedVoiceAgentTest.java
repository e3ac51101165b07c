package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The turn-based voice agent (LiveModelProcessor over OpenAI Chat Completions) against the fake.
 */
class TurnBasedVoiceAgentTest {

  @Test
  void theUserIsHeardInterruptsTheAnswerAndTheNextPromptHoldsOnlyWhatWasSaid(@TempDir Path dir)
      throws Exception {
    Path userWav = dir.resolve("user.wav");
    try (InputStream in = LiveAgent.class.getResourceAsStream("/live-agent/user.wav")) {
      Files.copy(in, userWav);
    }
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      FakeTurn.Builder slow = FakeTurn.builder();
      for (String word :
          "[simulated] In Paris today it is sunny with a light breeze and about twenty two degrees"
              .split(" ")) {
        slow.text(word + " ").delay(Duration.ofMillis(120));
      }
      OpenAiModel model =
          OpenAiModel.builder()
              .model("gpt-4o-audio-preview")
              .api(OpenAiModel.Api.CHAT_COMPLETIONS)
              .apiKey("test-key")
              .baseUrl(fake.baseUrl())
              .build();
      // The SDK's first call in a JVM is slow (class loading); keep it out of the conversation.
      fake.enqueue(FakeTurn.builder().text("warm").build());
      model.apply("warm up");
      fake.enqueue(
          slow.build(), FakeTurn.builder().text("[simulated] Rome is warm and clear.").build());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      TurnBasedVoiceAgent.Result result =
          TurnBasedVoiceAgent.run(
              new PrintStream(bytes, true, StandardCharsets.UTF_8), userWav, 4.0, model);
      String console = bytes.toString(StandardCharsets.UTF_8);

      assertThat(result.interruptions()).isEqualTo(1);
      assertThat(result.answers()).hasSize(2);
      assertThat(result.answers().get(0))
          .startsWith("[simulated] In Paris")
          .doesNotContain("degrees");
      assertThat(result.answers().get(1)).isEqualTo("[simulated] Rome is warm and clear.");
      assertThat(console)
          .contains("agent interrupted after")
          .contains("agent says: [simulated] Rome");

      assertThat(fake.awaitRequests(3, Duration.ofSeconds(5))).isTrue();
      // Each turn sent the user's utterance as one audio clip.
      JsonNode first = fake.requests().get(1).json();
      assertThat(first.toString()).contains("input_audio");
      // The second prompt has the interrupted answer only as far as it was said, then the new clip.
      String second = fake.requests().get(2).json().toString();
      assertThat(second).contains("In Paris").doesNotContain("degrees");
      assertThat(second.indexOf("In Paris")).isLessThan(second.lastIndexOf("input_audio"));
    }
  }
}
