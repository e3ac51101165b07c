package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.PartJson;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.live.InflightIntents;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.Gate;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Midstream's endpoint: a model's answer streams over {@code POST /chat} while an inflight intent
 * starts its tool, and the tool's result reaches the client before the answer has finished.
 */
class InflightOverSseTest {
  @Test
  void aToolStartedMidAnswerStreamsItsResultBeforeTheAnswerEnds() throws Exception {
    Gate rest = Gate.create();
    try (FakeOpenAiServer fake = FakeOpenAiServer.start();
        OpenAiModel model =
            OpenAiModel.builder()
                .model("gpt-test")
                .apiKey("test-key")
                .baseUrl(fake.baseUrl())
                .build()) {
      fake.enqueue(
          FakeTurn.builder()
              .text("Let me check the weather in Lisbon ")
              .text("for you.")
              .awaitRelease(rest) // the model keeps talking after this
              .text(" Pack an umbrella.")
              .build());
      InflightIntents intents =
          InflightIntents.builder()
              .regex(
                  "get_weather",
                  Pattern.compile("weather in ([A-Z]\\w+) "),
                  match -> Map.of("city", match.groups().get(0), "forecast", "showers"))
              .build();
      Processor agent = model.andThen(intents);
      try (PipelineServer server = PipelineServer.builder(agent).host("127.0.0.1").port(0).build();
          Sse sse =
              Sse.post(server.baseUrl() + "/chat", "application/json", "{\"message\":\"Trip?\"}")) {
        ProcessorPart result = null;
        while (result == null) {
          ProcessorPart p = PartJson.read(sse.next().orElseThrow().data());
          if (p.content() instanceof Content.FunctionResponse) {
            result = p;
          }
        }

        assertThat(rest.passed()).as("the answer is still held back").isZero();
        assertThat(((Content.FunctionResponse) result.content()).response())
            .contains("Lisbon")
            .contains("showers");
        rest.open();
        StringBuilder after = new StringBuilder();
        for (var e = sse.next(); e.isPresent(); e = sse.next()) {
          if (e.get().name().equals("part")) {
            PartJson.read(e.get().data()).text().ifPresent(after::append);
          }
        }
        assertThat(after.toString()).contains("Pack an umbrella.");
      }
    }
  }
}
