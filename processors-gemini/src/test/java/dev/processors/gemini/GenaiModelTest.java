package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.model.ModelParts;
import dev.processors.model.ServerErrorException;
import dev.processors.model.spi.ModelConformanceSuite;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.Gate;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GenaiModelTest {
  private final FakeGeminiServer fake = FakeGeminiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private GenaiModel.Builder builder() {
    return GenaiModel.builder()
        .model("gemini-2.5-flash")
        .apiKey("test-key")
        .baseUrl(fake.baseUrl());
  }

  @Test
  void sendsTheConversationWithSystemInstructionToolsAndFunctionHistory() {
    fake.enqueue(FakeTurn.text("Sunny."));
    try (GenaiModel model =
        builder()
            .systemInstruction("Be terse.")
            .temperature(0.2)
            .maxOutputTokens(256)
            .tools(ModelConformanceSuite.WEATHER)
            .build()) {
      model.apply(
          List.of(
              ProcessorPart.text("Use metric.").withRole(ProcessorPart.SYSTEM),
              ProcessorPart.text("Weather in Paris?"),
              ProcessorPart.functionCall("c1", "get_weather", "{\"city\":\"Paris\"}")
                  .withMetadata(ModelParts.THOUGHT_SIGNATURE, "c2ln"),
              ProcessorPart.functionResponse("c1", "get_weather", "\"sunny\""),
              ProcessorPart.image(new byte[] {1, 2, 3}, "image/png")));
    }
    var request = fake.lastRequest().orElseThrow();
    assertThat(request.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    assertThat(request.query()).contains("alt=sse");
    assertThat(request.header("x-goog-api-key")).contains("test-key");
    JsonNode body = request.json();
    assertThat(body.at("/systemInstruction/parts/0/text").asText())
        .isEqualTo("Be terse.\n\nUse metric.");
    assertThat(body.at("/contents/0/role").asText()).isEqualTo("user");
    assertThat(body.at("/contents/1/role").asText()).isEqualTo("model");
    assertThat(body.at("/contents/1/parts/0/functionCall/name").asText()).isEqualTo("get_weather");
    assertThat(body.at("/contents/1/parts/0/functionCall/args/city").asText()).isEqualTo("Paris");
    assertThat(body.at("/contents/1/parts/0/thoughtSignature").asText()).isEqualTo("c2ln");
    assertThat(body.at("/contents/2/role").asText()).isEqualTo("user");
    assertThat(body.at("/contents/2/parts/0/functionResponse/response/result").asText())
        .isEqualTo("sunny");
    assertThat(body.at("/contents/2/parts/1/inlineData/mimeType").asText()).isEqualTo("image/png");
    assertThat(body.at("/tools/0/functionDeclarations/0/name").asText()).isEqualTo("get_weather");
    assertThat(body.at("/generationConfig/temperature").asDouble())
        .isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(body.at("/generationConfig/maxOutputTokens").asInt()).isEqualTo(256);
  }

  @Test
  void structuredOutputAsksForJsonWithTheSchema() {
    fake.enqueue(FakeTurn.builder().json("{\"a\":1}", 2).build());
    try (GenaiModel model = builder().responseSchema("{\"type\":\"object\"}").build()) {
      model.apply(List.of(ProcessorPart.text("go")));
    }
    JsonNode config = fake.lastRequest().orElseThrow().json().get("generationConfig");
    assertThat(config.get("responseMimeType").asText()).isEqualTo("application/json");
    assertThat(config.at("/responseJsonSchema/type").asText()).isEqualTo("object");
  }

  @Test
  void pcmAudioIsSentInlineAsWav() {
    fake.enqueue(FakeTurn.text("heard"));
    try (GenaiModel model = builder().build()) {
      model.apply(List.of(ProcessorPart.audio(new byte[] {0, 0, 1, 0}, 16000)));
    }
    JsonNode inline = fake.lastRequest().orElseThrow().json().at("/contents/0/parts/0/inlineData");
    assertThat(inline.get("mimeType").asText()).isEqualTo("audio/wav");
    byte[] wav = java.util.Base64.getDecoder().decode(inline.get("data").asText());
    assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(wav).hasSize(48);
  }

  @Test
  void thoughtsGoToTheirOwnSubstream() {
    fake.enqueue(FakeTurn.builder().thought("Let me think").text("42").build());
    try (GenaiModel model = builder().build()) {
      List<ProcessorPart> out = model.apply(List.of(ProcessorPart.text("answer?")));
      assertThat(out.get(0).substream()).isEqualTo(ModelParts.THOUGHT_SUBSTREAM);
      assertThat(out.get(0).text()).contains("Let me think");
      assertThat(out.get(1).text()).contains("42");
      assertThat(out.get(1).substream()).isEmpty();
    }
  }

  @Test
  void aPrebuiltClientWithTheInterceptorsStillStreamsEachChunkAtOnce() {
    OkHttpClient.Builder http = new OkHttpClient.Builder().readTimeout(Duration.ZERO);
    GenaiModel.interceptors().forEach(http::addInterceptor);
    Client client =
        Client.builder()
            .apiKey("own-key")
            .vertexAI(false)
            .httpOptions(HttpOptions.builder().baseUrl(fake.baseUrl()).build())
            .clientOptions(ClientOptions.builder().customHttpClient(http.build()).build())
            .build();
    Gate gate = Gate.create();
    fake.enqueue(FakeTurn.builder().text("first").awaitRelease(gate).text("second").build());
    try (GenaiModel model = GenaiModel.builder().model("gemini-2.5-flash").client(client).build();
        var run = model.start(List.of(ProcessorPart.text("hi")))) {
      Iterator<ProcessorPart> it = run.iterator();
      assertThat(it.next().text()).contains("first");
      assertThat(gate.passed()).isZero();
      gate.open();
      assertThat(it.next().text()).contains("second");
    } finally {
      client.close();
    }
    assertThat(fake.lastRequest().orElseThrow().header("x-goog-api-key")).contains("own-key");
  }

  @Test
  void aPrebuiltClientsOwnRetriesAreTurnedOffForTheModelsCalls() {
    Client client =
        Client.builder()
            .apiKey("own-key")
            .vertexAI(false)
            .httpOptions(HttpOptions.builder().baseUrl(fake.baseUrl()).build())
            .build();
    fake.enqueue(FakeTurn.httpError(503, "busy"), FakeTurn.text("too late"));
    try (GenaiModel model =
        GenaiModel.builder()
            .model("gemini-2.5-flash")
            .client(client)
            .retryPolicy(dev.processors.core.RetryPolicy.builder().maxAttempts(1).build())
            .build()) {
      assertThatThrownBy(() -> model.apply(List.of(ProcessorPart.text("hi"))))
          .cause()
          .isInstanceOf(ServerErrorException.class)
          .hasMessageContaining("busy");
    } finally {
      client.close();
    }
    assertThat(fake.requests()).hasSize(1);
  }

  @Test
  void functionCallsWithoutIdsGetStableIdsAndKeepTheirThoughtSignature() {
    fake.enqueue(
        FakeTurn.builder().functionCall("", "get_weather", "{\"city\":\"Rome\"}", 1).build());
    try (GenaiModel model = builder().build()) {
      ProcessorPart call = model.apply(List.of(ProcessorPart.text("Rome?"))).get(0);
      Content.FunctionCall fc = (Content.FunctionCall) call.content();
      assertThat(fc.id()).startsWith("call_utt-").endsWith("_0");
      assertThat(fc.argumentsNode().get("city").asText()).isEqualTo("Rome");
    }
  }

  @Test
  void builderRejectsBadSettingsByName() {
    assertThatThrownBy(() -> GenaiModel.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model");
    assertThatThrownBy(() -> GenaiModel.builder().baseUrl("ftp://x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("baseUrl");
    assertThatThrownBy(() -> GenaiModel.builder().temperature(3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("temperature");
    assertThatThrownBy(() -> GenaiModel.builder().responseSchema("[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("schema");
    assertThatThrownBy(() -> GenaiModel.builder().apiKey(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("apiKey");
  }

  @Test
  void nameAndToStringShowTheModelButNoKey() {
    try (GenaiModel model = builder().apiKey("very-secret-key").build()) {
      assertThat(model.name()).isEqualTo("GenaiModel(gemini-2.5-flash)");
      assertThat(model.toString()).contains("gemini-2.5-flash").doesNotContain("very-secret-key");
    }
  }
}
