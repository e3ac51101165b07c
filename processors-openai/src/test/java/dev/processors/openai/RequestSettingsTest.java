package dev.processors.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.ProcessorPart;
import dev.processors.model.spi.ModelConformanceSuite;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the user set on the builder, and the order of the parts they gave, is what goes over the
 * wire: read back from the requests the fake server received, on both APIs.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class RequestSettingsTest {
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\"}}}";

  private final FakeOpenAiServer fake = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private OpenAiModel.Builder builder(OpenAiModel.Api api) {
    return OpenAiModel.builder()
        .model("gpt-4.1-mini")
        .api(api)
        .apiKey("sk-test")
        .baseUrl(fake.baseUrl());
  }

  private JsonNode send(OpenAiModel.Builder builder, List<ProcessorPart> input) {
    fake.enqueue(FakeTurn.builder().json("{\"answer\":\"sunny\"}", 2).build());
    try (OpenAiModel model = builder.build()) {
      model.apply(input);
    }
    return fake.lastRequest().orElseThrow().json();
  }

  private static List<ProcessorPart> question() {
    return List.of(ProcessorPart.text("Weather in Paris?"));
  }

  /** A user speaks while a tool result comes back: the order given is the order sent. */
  private static List<ProcessorPart> interleaved() {
    return List.of(
        ProcessorPart.text("Weather?"),
        ProcessorPart.functionCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
        ProcessorPart.text("I am in Paris."),
        ProcessorPart.functionResponse("call_1", "get_weather", "{\"t\":21}"),
        ProcessorPart.text("And tomorrow?"));
  }

  private static List<String> texts(JsonNode contentList) {
    List<String> out = new ArrayList<>();
    contentList.forEach(c -> out.add(c.path("text").asText()));
    return out;
  }

  @Test
  void responsesRequestCarriesTemperatureToolParametersAndTheWholeSchema() {
    JsonNode body =
        send(
            builder(OpenAiModel.Api.RESPONSES)
                .temperature(0.25)
                .tools(ModelConformanceSuite.WEATHER)
                .responseSchema(SCHEMA),
            question());
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
    assertThat(body.at("/tools/0/parameters/properties/city/type").asText()).isEqualTo("string");
    assertThat(body.at("/tools/0/parameters/required/0").asText()).isEqualTo("city");
    assertThat(body.at("/text/format/schema/properties/answer/type").asText()).isEqualTo("string");
  }

  @Test
  void chatRequestCarriesTemperatureMaxTokensToolParametersAndTheWholeSchema() {
    JsonNode body =
        send(
            builder(OpenAiModel.Api.CHAT_COMPLETIONS)
                .temperature(0.25)
                .maxOutputTokens(64)
                .tools(ModelConformanceSuite.WEATHER)
                .responseSchema(SCHEMA),
            question());
    assertThat(body.get("temperature").asDouble()).isEqualTo(0.25);
    assertThat(body.get("max_completion_tokens").asInt()).isEqualTo(64);
    assertThat(body.at("/tools/0/function/parameters/properties/city/type").asText())
        .isEqualTo("string");
    assertThat(body.at("/response_format/type").asText()).isEqualTo("json_schema");
    assertThat(body.at("/response_format/json_schema/schema/properties/answer/type").asText())
        .isEqualTo("string");
  }

  @Test
  void anUnsetTemperatureIsLeftToTheService() {
    assertThat(send(builder(OpenAiModel.Api.RESPONSES), question()).has("temperature")).isFalse();
    assertThat(send(builder(OpenAiModel.Api.CHAT_COMPLETIONS), question()).has("temperature"))
        .isFalse();
  }

  @Test
  void responsesInputKeepsUserPartsInOrderAroundAToolResult() {
    JsonNode input = send(builder(OpenAiModel.Api.RESPONSES), interleaved()).get("input");
    assertThat(input).hasSize(5);
    assertThat(texts(input.get(0).get("content"))).containsExactly("Weather?");
    assertThat(input.get(1).get("type").asText()).isEqualTo("function_call");
    assertThat(texts(input.get(2).get("content"))).containsExactly("I am in Paris.");
    assertThat(input.get(3).get("type").asText()).isEqualTo("function_call_output");
    assertThat(texts(input.get(4).get("content"))).containsExactly("And tomorrow?");
  }

  @Test
  void chatMessagesKeepUserPartsInOrderAroundAToolResult() {
    JsonNode messages =
        send(builder(OpenAiModel.Api.CHAT_COMPLETIONS), interleaved()).get("messages");
    assertThat(messages).hasSize(5);
    assertThat(texts(messages.get(0).get("content"))).containsExactly("Weather?");
    assertThat(messages.get(1).get("role").asText()).isEqualTo("assistant");
    assertThat(texts(messages.get(2).get("content"))).containsExactly("I am in Paris.");
    assertThat(messages.get(3).get("role").asText()).isEqualTo("tool");
    assertThat(texts(messages.get(4).get("content"))).containsExactly("And tomorrow?");
  }

  @Test
  void responsesSendJsonAsTextAndADocumentAsAFile() {
    byte[] pdf = {'%', 'P', 'D', 'F'};
    JsonNode content =
        send(
                builder(OpenAiModel.Api.RESPONSES),
                List.of(
                    ProcessorPart.json("{\"order\":42}"),
                    ProcessorPart.blob(pdf, "application/pdf")))
            .at("/input/0/content");
    assertThat(content.get(0).get("type").asText()).isEqualTo("input_text");
    assertThat(content.get(0).get("text").asText()).isEqualTo("{\"order\":42}");
    assertThat(content.get(1).get("type").asText()).isEqualTo("input_file");
    assertThat(content.get(1).get("file_data").asText())
        .isEqualTo("data:application/pdf;base64," + Base64.getEncoder().encodeToString(pdf));
  }

  @Test
  void requestCustomizersAdjustEachRequestAfterTheSettings() {
    JsonNode responses =
        send(
            builder(OpenAiModel.Api.RESPONSES)
                .temperature(0.5)
                .responsesRequest(b -> b.topP(0.75).temperature(0.1)),
            question());
    assertThat(responses.get("top_p").asDouble()).isEqualTo(0.75);
    assertThat(responses.get("temperature").asDouble()).isEqualTo(0.1);
    JsonNode chat =
        send(
            builder(OpenAiModel.Api.CHAT_COMPLETIONS)
                .temperature(0.5)
                .chatRequest(b -> b.topP(0.75).temperature(0.1)),
            question());
    assertThat(chat.get("top_p").asDouble()).isEqualTo(0.75);
    assertThat(chat.get("temperature").asDouble()).isEqualTo(0.1);
  }

  @Test
  void theModelIsNamedAfterItsModelId() {
    try (OpenAiModel model = builder(OpenAiModel.Api.RESPONSES).build()) {
      assertThat(model.name()).isEqualTo("OpenAiModel(gpt-4.1-mini)");
    }
  }
}
