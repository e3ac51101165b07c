package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.ProcessorPart;
import dev.processors.gemini.LiveApiProcessor.Modality;
import dev.processors.testkit.FakeLiveServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The session settings of {@link LiveApiProcessor} (genai-processors' {@code realtime_config}):
 * voice, language, response modalities, temperature and any further setup field reach the fake Live
 * API server in the setup message of the connection.
 */
class LiveSessionSettingsTest {
  private FakeLiveServer server;

  @BeforeEach
  void startServer() {
    server = FakeLiveServer.start();
    server.onTurn(
        (s, m) -> {
          s.sendText("ok");
          s.sendTurnComplete();
        });
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private LiveApiProcessor.Builder live() {
    return LiveApiProcessor.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key-123")
        .connectTimeout(Duration.ofSeconds(2))
        .drainTimeout(Duration.ofSeconds(5));
  }

  /** Runs one text turn and returns the setup message the server received. */
  private JsonNode setupSentBy(LiveApiProcessor live) {
    List<ProcessorPart> out = live.apply(List.of(ProcessorPart.text("Hello")));
    assertThat(ProcessorPart.textOf(out)).isEqualTo("ok");
    return server.sessions().get(0).setup().get("setup");
  }

  @Test
  void voiceLanguageModalitiesAndTemperatureAreSentInTheSetup() {
    JsonNode setup =
        setupSentBy(
            live()
                .voice("Kore")
                .languageCode("en-GB")
                .responseModalities(Modality.TEXT, Modality.AUDIO)
                .temperature(0.4)
                .build());
    JsonNode generation = setup.get("generationConfig");
    assertThat(generation.at("/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName").asText())
        .isEqualTo("Kore");
    assertThat(generation.at("/speechConfig/languageCode").asText()).isEqualTo("en-GB");
    assertThat(generation.get("responseModalities"))
        .extracting(JsonNode::asText)
        .containsExactly("TEXT", "AUDIO");
    assertThat(generation.get("temperature").asDouble()).isEqualTo(0.4);
  }

  @Test
  void withoutSessionSettingsTheSetupLeavesThemToTheServer() {
    JsonNode generation = setupSentBy(live().audioOutput(false).build()).get("generationConfig");
    assertThat(generation.has("speechConfig")).isFalse();
    assertThat(generation.has("temperature")).isFalse();
    assertThat(generation.get("responseModalities"))
        .extracting(JsonNode::asText)
        .containsExactly("TEXT");
  }

  @Test
  void realtimeConfigPassesFurtherFieldsThroughMergedIntoTheNamedOnes() {
    JsonNode setup =
        setupSentBy(
            live()
                .voice("Puck")
                .realtimeConfig(
                    Map.of(
                        "contextWindowCompression",
                        Map.of("slidingWindow", Map.of("targetTokens", 1024)),
                        "generationConfig",
                        Map.of("mediaResolution", "MEDIA_RESOLUTION_LOW", "topK", 8)))
                .build());
    assertThat(setup.at("/contextWindowCompression/slidingWindow/targetTokens").asInt())
        .isEqualTo(1024);
    JsonNode generation = setup.get("generationConfig");
    assertThat(generation.get("mediaResolution").asText()).isEqualTo("MEDIA_RESOLUTION_LOW");
    assertThat(generation.get("topK").asInt()).isEqualTo(8);
    // merged, not replaced: the named settings are still there
    assertThat(generation.at("/speechConfig/voiceConfig/prebuiltVoiceConfig/voiceName").asText())
        .isEqualTo("Puck");
    assertThat(generation.at("/responseModalities/0").asText()).isEqualTo("AUDIO");
    assertThat(setup.has("sessionResumption")).isTrue();
  }

  @Test
  void realtimeConfigMayNotSetWhatTheSessionManages() {
    assertThatThrownBy(() -> live().realtimeConfig(Map.of("model", "models/other")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'model'");
    assertThatThrownBy(() -> live().realtimeConfig(Map.of("sessionResumption", Map.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'sessionResumption'");
  }

  @Test
  void badSessionSettingsAreRefusedNamingTheArgument() {
    assertThatThrownBy(() -> live().voice(" ")).hasMessage("voiceName is blank");
    assertThatThrownBy(() -> live().languageCode(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("languageCode");
    assertThatThrownBy(() -> live().temperature(2.5))
        .hasMessage("temperature must be in [0.0, 2.0], got 2.5");
    assertThatThrownBy(() -> live().responseModalities()).hasMessage("modalities is empty");
    assertThatThrownBy(() -> live().drainTimeout(Duration.ZERO))
        .hasMessage("drainTimeout must be positive, got PT0S");
  }
}
