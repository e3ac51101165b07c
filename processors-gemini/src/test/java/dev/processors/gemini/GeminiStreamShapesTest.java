package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.TruncatedStreamException;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Outcome;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gemini streams of shapes the protocol allows but the scripted fake turns do not produce, on both
 * readers (the GenAI SDK's classes and the lean reader), through the fake server: each becomes the
 * parts, the completion and the typed error a user expects.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GeminiStreamShapesTest {
  private static final String SIGNATURE =
      Base64.getEncoder().encodeToString(new byte[] {1, 2, 3, 4, 5, 6});

  private final FakeGeminiServer fake = FakeGeminiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private Outcome run(boolean sdkParsing, String... chunks) {
    StringBuilder body = new StringBuilder();
    for (String c : chunks) {
      body.append("data: ").append(c).append("\n\n");
    }
    fake.enqueue(FakeTurn.httpResponse(200, "text/event-stream", body.toString()));
    try (GenaiModel model =
        GenaiModel.builder()
            .model("gemini-2.5-flash")
            .apiKey("test-key")
            .baseUrl(fake.baseUrl())
            .sdkParsing(sdkParsing)
            .retryPolicy(WireReplay.once())
            .build()) {
      return WireReplay.run(model);
    }
  }

  /** A chunk whose first candidate has {@code parts} (JSON) and a finish reason or none. */
  private static String chunk(String parts, String finishReason) {
    return "{\"candidates\":[{\"content\":{\"parts\":["
        + parts
        + "],\"role\":\"model\"},\"index\":0"
        + (finishReason == null ? "" : ",\"finishReason\":\"" + finishReason + "\"")
        + "}]}";
  }

  private static List<Content.FunctionCall> calls(Outcome out) {
    return out.parts().stream()
        .map(ProcessorPart::content)
        .filter(Content.FunctionCall.class::isInstance)
        .map(Content.FunctionCall.class::cast)
        .toList();
  }

  private static List<String> thoughts(Outcome out) {
    return out.parts().stream()
        .filter(p -> p.substream().equals(ModelParts.THOUGHT_SUBSTREAM))
        .map(p -> p.text().orElseThrow())
        .toList();
  }

  private static Map<String, Object> completion(Outcome out) {
    ProcessorPart last = out.parts().get(out.parts().size() - 1);
    assertThat(last.isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
    return last.metadata();
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void partFieldsMayComeInAnyOrder(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            chunk("{\"thought\":true,\"text\":\"Paris, so metric.\"}", null),
            chunk("{\"text\":\"Checking.\",\"thought\":false}", null),
            chunk(
                "{\"thoughtSignature\":\""
                    + SIGNATURE
                    + "\",\"functionCall\":{\"args\":{\"city\":\"Paris\"},\"name\":\"get_weather\","
                    + "\"id\":\"fc_1\"}}",
                "STOP"));
    assertThat(out.failure()).isNull();
    assertThat(thoughts(out)).containsExactly("Paris, so metric.");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Checking.");
    assertThat(calls(out))
        .containsExactly(new Content.FunctionCall("fc_1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(
            out.parts().stream()
                .filter(p -> p.content() instanceof Content.FunctionCall)
                .findFirst()
                .orElseThrow()
                .metadata())
        .containsEntry(ModelParts.THOUGHT_SIGNATURE, SIGNATURE);
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aCallWithoutArgumentsHasAnEmptyObject(boolean sdkParsing) {
    Outcome out = run(sdkParsing, chunk("{\"functionCall\":{\"name\":\"get_time\"}}", "STOP"));
    assertThat(out.failure()).isNull();
    assertThat(calls(out))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.name()).isEqualTo("get_time");
              assertThat(c.arguments()).isEqualTo("{}");
            });
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void onlyTheFirstCandidateIsTheAnswer(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"First.\"}],\"role\":\"model\"},"
                + "\"index\":0},{\"content\":{\"parts\":[{\"text\":\"Second.\"}],"
                + "\"role\":\"model\"},\"index\":1,\"finishReason\":\"STOP\"}]}",
            chunk("{\"text\":\" Done.\"}", "STOP"));
    assertThat(out.failure()).isNull();
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("First. Done.");
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void theCompletionCarriesTheFinishReasonUsageModelVersionAndResponseId(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            chunk("{\"text\":\"Hi\"}", "FINISH_REASON_UNSPECIFIED"),
            "{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\" there\"}],\"role\":\"model\"},"
                + "\"index\":0,\"finishReason\":\"MAX_TOKENS\"}],\"usageMetadata\":"
                + "{\"promptTokenCount\":9,\"candidatesTokenCount\":2,\"totalTokenCount\":14,"
                + "\"thoughtsTokenCount\":3,\"cachedContentTokenCount\":4},"
                + "\"modelVersion\":\"gemini-2.5-flash-001\",\"responseId\":\"resp_7\"}");
    assertThat(out.failure()).isNull();
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Hi there");
    assertThat(completion(out))
        .containsEntry(ModelParts.FINISH_REASON, "MAX_TOKENS")
        .containsEntry(ModelParts.MODEL_VERSION, "gemini-2.5-flash-001")
        .containsEntry(ModelParts.RESPONSE_ID, "resp_7")
        .containsEntry(
            ModelParts.USAGE,
            Map.of(
                "input_tokens", 9L,
                "output_tokens", 2L,
                "total_tokens", 14L,
                "thought_tokens", 3L,
                "cached_tokens", 4L));
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "true, 429, RESOURCE_EXHAUSTED",
    "false, 429, RESOURCE_EXHAUSTED",
    "true, 503, UNAVAILABLE",
    "false, 503, UNAVAILABLE",
    "true, 400, INVALID_ARGUMENT",
    "false, 400, INVALID_ARGUMENT"
  })
  void anErrorChunkIsTypedByItsCodeAndNamesItsStatus(boolean sdkParsing, int code, String status) {
    Outcome out =
        run(
            sdkParsing,
            chunk("{\"text\":\"Par\"}", null),
            "{\"error\":{\"code\":"
                + code
                + ",\"message\":\"Something went wrong\",\"status\":\""
                + status
                + "\"}}");
    Class<? extends ModelException> type =
        switch (code) {
          case 429 -> RateLimitException.class;
          case 503 -> ServerErrorException.class;
          default -> BadRequestException.class;
        };
    assertThat(out.failure())
        .isInstanceOf(type)
        .hasMessageContaining(status)
        .hasMessageContaining("Something went wrong");
    assertThat(((ModelException) out.failure()).retryable()).isEqualTo(code != 400);
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Par");
  }

  @Test
  void aStreamCutBeforeAFinishReasonSaysWhatItMissed() {
    Outcome out = run(false, chunk("{\"text\":\"Hel\"}", null));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("without a chunk with a finishReason");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Hel");
  }
}
