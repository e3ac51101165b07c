package dev.processors.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A two-round tool conversation through the real SDKs against the fake servers, both providers. */
class FunctionCallingAgainstFakesTest {
  record WeatherQuery(String city) {}

  private static final Tools TOOLS =
      Tools.builder()
          .add(
              "get_weather",
              "Current weather in a city",
              WeatherQuery.class,
              q -> Map.of("city", q.city(), "sky", "sunny"))
          .build();

  private static void script(FakeModelServer fake) {
    fake.enqueue(
        FakeTurn.builder()
            .text("Let me look. ")
            .functionCall("call_1", "get_weather", "{\"city\":\"Paris\"}", 3)
            .build(),
        FakeTurn.builder().text("It is sunny ").text("in Paris.").build());
  }

  private static void converse(FakeModelServer fake, Function<FakeModelServer, Processor> model)
      throws Exception {
    script(fake);
    Processor agent = FunctionCalling.builder(model.apply(fake), TOOLS).build();
    List<ProcessorPart> out = agent.apply("What's the weather in Paris?");

    List<ProcessorPart> data =
        out.stream().filter(p -> !p.isOutOfBand() && p.substream().isEmpty()).toList();
    assertThat(data)
        .anySatisfy(p -> assertThat(p.content()).isInstanceOf(Content.FunctionCall.class));
    assertThat(data)
        .anySatisfy(p -> assertThat(p.content()).isInstanceOf(Content.FunctionResponse.class));
    assertThat(ProcessorPart.textOf(data)).isEqualTo("Let me look. It is sunny in Paris.");

    assertThat(fake.awaitRequests(2, java.time.Duration.ofSeconds(5))).isTrue();
    List<RecordedRequest> requests = fake.requests();
    assertThat(requests).hasSize(2);
    String second = requests.get(1).json().toString();
    assertThat(second).contains("get_weather").contains("sunny").contains("Paris");
    JsonNode first = requests.get(0).json();
    assertThat(first.toString()).contains("get_weather"); // the declaration went out
  }

  @Test
  void geminiCallsAToolAndAnswersWithItsResult() throws Exception {
    try (FakeGeminiServer fake = FakeGeminiServer.start()) {
      converse(
          fake,
          f ->
              GenaiModel.builder()
                  .model("gemini-2.5-flash")
                  .apiKey("test-key")
                  .baseUrl(f.baseUrl())
                  .tools(TOOLS.declarations())
                  .build());
    }
  }

  @Test
  void openAiResponsesCallsAToolAndAnswersWithItsResult() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      converse(
          fake,
          f ->
              OpenAiModel.builder()
                  .model("gpt-4.1-mini")
                  .apiKey("test-key")
                  .baseUrl(f.baseUrl())
                  .tools(TOOLS.declarations())
                  .build());
    }
  }

  @Test
  void openAiChatCompletionsCallsAToolAndAnswersWithItsResult() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      converse(
          fake,
          f ->
              OpenAiModel.builder()
                  .model("gpt-4.1-mini")
                  .api(OpenAiModel.Api.CHAT_COMPLETIONS)
                  .apiKey("test-key")
                  .baseUrl(f.baseUrl())
                  .tools(TOOLS.declarations())
                  .build());
    }
  }
}
