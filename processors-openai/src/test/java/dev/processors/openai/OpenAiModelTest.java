package dev.processors.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.processors.core.Content;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelParts;
import dev.processors.model.ServerErrorException;
import dev.processors.model.spi.ModelConformanceSuite;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.Gate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OpenAiModelTest {
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

  private static List<ProcessorPart> history() {
    return List.of(
        ProcessorPart.text("Use metric.").withRole(ProcessorPart.SYSTEM),
        ProcessorPart.text("Weather in Paris?"),
        ProcessorPart.text("Let me check.").withRole(ProcessorPart.MODEL),
        ProcessorPart.functionCall("call_1", "get_weather", "{\"city\":\"Paris\"}"),
        ProcessorPart.functionResponse("call_1", "get_weather", "{\"t\":21}"),
        ProcessorPart.image(new byte[] {1, 2}, "image/png"));
  }

  @Test
  void responsesRequestCarriesInstructionsItemsToolsAndSchema() {
    fake.enqueue(FakeTurn.builder().json("{}", 1).build());
    try (OpenAiModel model =
        builder(OpenAiModel.Api.RESPONSES)
            .systemInstruction("Be terse.")
            .tools(ModelConformanceSuite.WEATHER)
            .temperature(0.5)
            .maxOutputTokens(100)
            .responseSchema("{\"type\":\"object\"}")
            .build()) {
      model.apply(history());
    }
    var request = fake.lastRequest().orElseThrow();
    assertThat(request.path()).isEqualTo("/v1/responses");
    assertThat(request.header("authorization")).contains("Bearer sk-test");
    JsonNode body = request.json();
    assertThat(body.get("instructions").asText()).isEqualTo("Be terse.\n\nUse metric.");
    assertThat(body.get("stream").asBoolean()).isTrue();
    assertThat(body.get("store").asBoolean()).isFalse();
    JsonNode input = body.get("input");
    assertThat(input.get(0).get("role").asText()).isEqualTo("user");
    assertThat(input.get(1).get("role").asText()).isEqualTo("assistant");
    assertThat(input.get(2).get("type").asText()).isEqualTo("function_call");
    assertThat(input.get(2).get("call_id").asText()).isEqualTo("call_1");
    assertThat(input.get(3).get("type").asText()).isEqualTo("function_call_output");
    assertThat(input.get(3).get("output").asText()).isEqualTo("{\"t\":21}");
    assertThat(input.get(4).at("/content/0/type").asText()).isEqualTo("input_image");
    assertThat(input.get(4).at("/content/0/image_url").asText())
        .startsWith("data:image/png;base64,");
    assertThat(body.at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(body.at("/text/format/type").asText()).isEqualTo("json_schema");
    assertThat(body.get("max_output_tokens").asInt()).isEqualTo(100);
  }

  @Test
  void chatRequestCarriesMessagesToolCallsToolResultsAndUsageOption() {
    fake.enqueue(FakeTurn.text("ok"));
    try (OpenAiModel model =
        builder(OpenAiModel.Api.CHAT_COMPLETIONS).tools(ModelConformanceSuite.WEATHER).build()) {
      model.apply(history());
    }
    var request = fake.lastRequest().orElseThrow();
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    JsonNode body = request.json();
    JsonNode messages = body.get("messages");
    assertThat(messages.get(0).get("role").asText()).isEqualTo("system");
    assertThat(messages.get(1).get("role").asText()).isEqualTo("user");
    assertThat(messages.get(2).get("role").asText()).isEqualTo("assistant");
    assertThat(messages.get(2).get("content").asText()).isEqualTo("Let me check.");
    assertThat(messages.get(2).at("/tool_calls/0/function/name").asText()).isEqualTo("get_weather");
    assertThat(messages.get(3).get("role").asText()).isEqualTo("tool");
    assertThat(messages.get(3).get("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(messages.get(4).at("/content/0/type").asText()).isEqualTo("image_url");
    assertThat(body.at("/stream_options/include_usage").asBoolean()).isTrue();
    assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("get_weather");
  }

  @Test
  void chatSendsPcmAudioAsWav() {
    fake.enqueue(FakeTurn.text("heard"));
    try (OpenAiModel model = builder(OpenAiModel.Api.CHAT_COMPLETIONS).build()) {
      model.apply(List.of(ProcessorPart.audio(new byte[] {0, 0, 1, 0}, 24000)));
    }
    JsonNode audio =
        fake.lastRequest().orElseThrow().json().at("/messages/0/content/0/input_audio");
    assertThat(audio.get("format").asText()).isEqualTo("wav");
    byte[] wav = Base64.getDecoder().decode(audio.get("data").asText());
    assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(wav).hasSize(44 + 4);
  }

  @Test
  void responsesRejectsAudioInputBeforeAnyCall() {
    try (OpenAiModel model = builder(OpenAiModel.Api.RESPONSES).build()) {
      assertThatThrownBy(() -> model.apply(List.of(ProcessorPart.audio(new byte[2], 16000))))
          .isInstanceOf(ProcessorException.class)
          .cause()
          .isInstanceOf(BadRequestException.class)
          .hasMessageContaining("CHAT_COMPLETIONS");
    }
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void partialArgumentsStreamBeforeTheAssembledCall() {
    fake.enqueue(
        FakeTurn.builder()
            .functionCall("call_7", "get_weather", "{\"city\":\"Paris\",\"unit\":\"c\"}", 3)
            .build());
    try (OpenAiModel model = builder(OpenAiModel.Api.RESPONSES).build()) {
      List<ProcessorPart> out = model.apply(List.of(ProcessorPart.text("Paris?")));
      List<String> partial = new ArrayList<>();
      int callIndex = -1;
      for (int i = 0; i < out.size(); i++) {
        ProcessorPart p = out.get(i);
        if (p.substream().equals(ModelParts.PARTIAL_SUBSTREAM)) {
          assertThat(callIndex).as("partial arguments come before the call").isEqualTo(-1);
          partial.add(((Content.Json) p.content()).json());
          assertThat(p.metadata()).containsEntry(ModelParts.CALL_ID, "call_7");
        } else if (p.content() instanceof Content.FunctionCall) {
          callIndex = i;
        }
      }
      assertThat(partial)
          .containsExactly(
              "{\"city\":\"\"}", "{\"city\":\"Paris\"}", "{\"city\":\"Paris\",\"unit\":\"c\"}");
      assertThat(callIndex).isEqualTo(out.size() - 2);
    }
  }

  @Test
  void aPrebuiltClientIsUsedWithItsRetriesTurnedOff() throws Exception {
    OpenAIClient client =
        OpenAIOkHttpClient.builder()
            .baseUrl(fake.baseUrl())
            .apiKey("own-key")
            .maxRetries(5)
            .addInterceptor(OpenAiModel.interceptor())
            .build();
    fake.enqueue(FakeTurn.httpError(503, "busy"));
    try (OpenAiModel model =
        OpenAiModel.builder()
            .model("gpt-4.1-mini")
            .client(client)
            .retryPolicy(dev.processors.core.RetryPolicy.builder().maxAttempts(1).build())
            .build()) {
      assertThatThrownBy(() -> model.apply(List.of(ProcessorPart.text("hi"))))
          .cause()
          .isInstanceOf(ServerErrorException.class);
    } finally {
      client.close();
    }
    assertThat(fake.requests()).hasSize(1);
    assertThat(fake.lastRequest().orElseThrow().header("authorization")).contains("Bearer own-key");
  }

  @Test
  void firstTextArrivesBeforeLaterEventsOnChatToo() throws Exception {
    Gate gate = Gate.create();
    fake.enqueue(FakeTurn.builder().text("a").awaitRelease(gate).text("b").build());
    try (OpenAiModel model = builder(OpenAiModel.Api.CHAT_COMPLETIONS).build();
        var run = model.start(List.of(ProcessorPart.text("hi")))) {
      Iterator<ProcessorPart> it = run.iterator();
      assertThat(it.next().text()).contains("a");
      gate.open();
      assertThat(it.next().text()).contains("b");
    }
  }

  @Test
  void builderRejectsBadSettingsByName() {
    assertThatThrownBy(() -> OpenAiModel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> OpenAiModel.builder().maxOutputTokens(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxOutputTokens");
    assertThatThrownBy(() -> OpenAiModel.builder().baseUrl("not a url"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
  }
}
