package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.ProcessorPart;
import dev.processors.model.spi.ModelConformanceSuite;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the user set on the builder is what goes over the wire, read back from the request the fake
 * server received.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GeminiRequestSettingsTest {
  private final FakeGeminiServer fake = FakeGeminiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private JsonNode send(GenaiModel.Builder builder, List<ProcessorPart> input) {
    fake.enqueue(FakeTurn.text("ok"));
    try (GenaiModel model = builder.build()) {
      model.apply(input);
    }
    return fake.lastRequest().orElseThrow().json();
  }

  private GenaiModel.Builder builder() {
    return GenaiModel.builder()
        .model("gemini-2.5-flash")
        .apiKey("test-key")
        .baseUrl(fake.baseUrl());
  }

  @Test
  void theConfigCustomizerAdjustsTheGenerationConfigAfterTheSettings() {
    JsonNode body =
        send(
            builder().temperature(0.2).config(c -> c.topP(0.75f).temperature(0.5f)),
            List.of(ProcessorPart.text("hi")));
    assertThat(body.at("/generationConfig/topP").asDouble()).isEqualTo(0.75, Offset.offset(1e-6));
    assertThat(body.at("/generationConfig/temperature").asDouble())
        .isEqualTo(0.5, Offset.offset(1e-6));
  }

  @Test
  void toolParametersAndJsonInputGoOverTheWire() {
    JsonNode body =
        send(
            builder().tools(ModelConformanceSuite.WEATHER),
            List.of(ProcessorPart.json("{\"order\":42}")));
    assertThat(body.at("/tools/0/functionDeclarations/0/description").asText())
        .isEqualTo("Current weather in a city");
    assertThat(
            body.at("/tools/0/functionDeclarations/0/parametersJsonSchema/properties/city/type")
                .asText())
        .isEqualTo("string");
    assertThat(body.at("/contents/0/parts/0/text").asText()).isEqualTo("{\"order\":42}");
  }

  @Test
  void unsetSettingsAreLeftToTheService() {
    JsonNode body = send(builder(), List.of(ProcessorPart.text("hi")));
    assertThat(body.at("/generationConfig/temperature").isMissingNode()).isTrue();
    assertThat(body.at("/generationConfig/maxOutputTokens").isMissingNode()).isTrue();
    assertThat(body.has("tools")).isFalse();
    assertThat(body.has("systemInstruction")).isFalse();
  }
}
