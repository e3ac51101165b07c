package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.model.spi.Json;
import dev.processors.model.spi.Wav;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The limits of the shared settings, the clear-text rule at its edges, and the small helpers. */
class SettingsLimitsTest {
  /** What a provider module writes: a builder that adds nothing and hands over the settings. */
  static final class Builder extends ModelBuilder<Builder> {
    @Override
    protected Builder self() {
      return this;
    }

    ModelSettings build() {
      return settings("ProviderModel");
    }
  }

  @Test
  void aKeyForAnotherHostOverClearTextIsRefusedUnlessAllowed() {
    assertThatThrownBy(
            () -> new Builder().model("m").apiKey("k").baseUrl("http://10.0.0.5:8080").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("http://10.0.0.5:8080");
    ModelSettings allowed =
        new Builder()
            .model("m")
            .allowCleartext()
            .apiKey("k")
            .logRequestsAndResponses(true)
            .baseUrl("http://10.0.0.5:8080")
            .build();
    assertThat(allowed.baseUrl()).contains("http://10.0.0.5:8080");
    assertThat(allowed.logRequestsAndResponses()).isTrue();
    assertThat(
            new Builder()
                .model("m")
                .logRequestsAndResponses(false)
                .build()
                .logRequestsAndResponses())
        .isFalse();
  }

  @Test
  void theLoopbackRuleReadsDottedQuadsStrictly() {
    assertThat(Cleartext.isSecureOrLocal("http://127.0.0.255")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("http://127.255.0.1")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("http://127.0.0.256")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http://127.0.0.1234")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http://127.0.0.x1")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http://127.0.0")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http:///v1/models")).isFalse();
    assertThat(Cleartext.isSecureOrLocal("http://app.localhost:8080")).isTrue();
    assertThat(Cleartext.isSecureOrLocal("http://[0:0:0:0:0:0:0:1]:8080")).isTrue();
  }

  @Test
  void toolsReplaceEarlierTools() {
    ToolDeclaration a = ToolDeclaration.of("a", "A", "{\"type\":\"object\",\"properties\":{}}");
    ToolDeclaration b = ToolDeclaration.of("b", "B", "{\"type\":\"object\",\"properties\":{}}");
    assertThat(new Builder().model("m").tools(a).tools(List.of(b)).build().tools())
        .containsExactly(b);
  }

  @Test
  void temperatureIsBetweenZeroAndTwoInclusive() {
    assertThat(new Builder().model("m").temperature(0).build().temperature()).contains(0.0);
    assertThat(new Builder().model("m").temperature(2).build().temperature()).contains(2.0);
    for (double bad : new double[] {-0.01, 2.01, Double.NaN}) {
      assertThatThrownBy(() -> new Builder().temperature(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("temperature must be in [0.0, 2.0]");
    }
  }

  @Test
  void functionCallingNeedsAtLeastOneRoundAndOneCallAtATime() {
    Tools tools =
        Tools.builder()
            .add("noop", "Does nothing", "{\"type\":\"object\",\"properties\":{}}", args -> "ok")
            .build();
    FunctionCalling.Builder b = FunctionCalling.builder((in, out) -> {}, tools);
    assertThatCode(() -> b.maxRounds(1).maxConcurrentCalls(1)).doesNotThrowAnyException();
    assertThatThrownBy(() -> b.maxRounds(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxRounds must be at least 1, got 0");
    assertThatThrownBy(() -> b.maxConcurrentCalls(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConcurrentCalls must be at least 1");
  }

  @Test
  void settingsShowTheirEndpointButNeverTheKey() {
    assertThat(new Builder().model("m-1").build().toString())
        .isEqualTo("ModelSettings[model=m-1, apiKey=none]");
    assertThat(
            new Builder()
                .model("m-1")
                .apiKey("secret-key")
                .baseUrl("https://proxy.example/v1")
                .build()
                .toString())
        .isEqualTo("ModelSettings[model=m-1, baseUrl=https://proxy.example/v1, apiKey=***]");
  }

  @Test
  void jsonHelpersWriteParseAndWrapNonObjects() {
    assertThat(Json.write(Map.of("a", 1), "args")).isEqualTo("{\"a\":1}");
    assertThat(Json.toMap("{\"a\":[1,2]}")).isEqualTo(Map.of("a", List.of(1, 2)));
    assertThat(Json.toMap("42")).isEqualTo(Map.of("result", 42));
    assertThat(Json.toMap("[\"x\"]")).isEqualTo(Map.of("result", List.of("x")));
    assertThatThrownBy(() -> Json.parse("{oops", "the tool's answer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the tool's answer is not valid JSON");
    assertThatThrownBy(() -> Json.write(new Object(), "the value"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("the value cannot be written as JSON");
  }

  @Test
  void pcmBlobsAreRecognisedAndWrappedAsWavAtTheirRate() {
    byte[] pcm = {1, 0, 2, 0};
    assertThat(Wav.isPcm(Content.Blob.of(pcm, "audio/pcm;rate=24000"))).isTrue();
    assertThat(Wav.isPcm(Content.Blob.of(pcm, "audio/L16"))).isTrue();
    assertThat(Wav.isPcm(Content.Blob.of(pcm, "audio/wav"))).isFalse();
    byte[] wav = Wav.fromPcm(Content.Blob.of(pcm, "audio/pcm;rate=24000"));
    assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RIFF");
    assertThat(ByteBuffer.wrap(wav, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
        .isEqualTo(24000);
    assertThat(wav).endsWith(pcm);
    byte[] defaulted = Wav.fromPcm(Content.Blob.of(pcm, "audio/L16"));
    assertThat(ByteBuffer.wrap(defaulted, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt())
        .isEqualTo(16000);
  }
}
