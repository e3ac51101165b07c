package dev.processors.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.model.ModelParts;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The status parts of the OpenAI streaming guide, through the fake server on both readers (the
 * SDK's event classes and the lean reader): one when the response is created, and one when a
 * function call is first detected, before any of its arguments stream.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StreamingEventsTest {
  private final FakeOpenAiServer fake = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private OpenAiModel model(OpenAiModel.Api api, boolean sdkParsing) {
    return OpenAiModel.builder()
        .model("gpt-4.1-mini")
        .api(api)
        .apiKey("sk-test")
        .baseUrl(fake.baseUrl())
        .sdkParsing(sdkParsing)
        .build();
  }

  private static boolean event(ProcessorPart p, String event) {
    return event.equals(p.metadata().get(ModelParts.EVENT));
  }

  private static int indexOf(
      List<ProcessorPart> parts, java.util.function.Predicate<ProcessorPart> p) {
    for (int i = 0; i < parts.size(); i++) {
      if (p.test(parts.get(i))) {
        return i;
      }
    }
    return -1;
  }

  private List<ProcessorPart> askForWeather(OpenAiModel.Api api, boolean sdkParsing) {
    fake.enqueue(
        FakeTurn.builder()
            .text("Checking.")
            .functionCall("call_7", "get_weather", "{\"city\":\"Paris\",\"days\":2}", 4)
            .build());
    try (OpenAiModel model = model(api, sdkParsing)) {
      return model.apply(List.of(ProcessorPart.text("Weather in Paris?")));
    }
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void responsesAnnounceTheResponseBeforeAnyOutput(boolean sdkParsing) {
    List<ProcessorPart> parts = askForWeather(OpenAiModel.Api.RESPONSES, sdkParsing);
    ProcessorPart created = parts.get(0);
    assertThat(created.substream()).isEqualTo(ProcessorPart.STATUS);
    assertThat(created.isOutOfBand()).isTrue();
    assertThat(created.metadata())
        .containsEntry(ModelParts.EVENT, ModelParts.RESPONSE_CREATED)
        .containsEntry(ModelParts.ATTEMPTS, 1L)
        .containsKey(ModelParts.RESPONSE_ID)
        .containsKey(ModelParts.MODEL_VERSION);
    String utterance = parts.get(1).metadataString(PlaybackTracker.UTTERANCE_ID).orElseThrow();
    assertThat(created.metadataString(PlaybackTracker.UTTERANCE_ID)).contains(utterance);
    assertThat(parts).filteredOn(p -> event(p, ModelParts.RESPONSE_CREATED)).hasSize(1);
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.CsvSource({
    "RESPONSES,true",
    "RESPONSES,false",
    "CHAT_COMPLETIONS,true",
    "CHAT_COMPLETIONS,false"
  })
  void aFunctionCallIsAnnouncedBeforeItsArgumentsStream(OpenAiModel.Api api, boolean sdkParsing) {
    List<ProcessorPart> parts = askForWeather(api, sdkParsing);
    int started = indexOf(parts, p -> event(p, ModelParts.FUNCTION_CALL_STARTED));
    int firstArguments = indexOf(parts, p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM));
    int call = indexOf(parts, p -> p.content() instanceof Content.FunctionCall);
    assertThat(started).isNotNegative();
    assertThat(firstArguments).isGreaterThan(started);
    assertThat(call).isGreaterThan(firstArguments);
    assertThat(parts.get(started).metadata())
        .containsEntry(ModelParts.CALL_ID, "call_7")
        .containsEntry(ModelParts.FUNCTION_NAME, "get_weather");
    assertThat(parts).filteredOn(p -> event(p, ModelParts.FUNCTION_CALL_STARTED)).hasSize(1);
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void chatCompletionsHaveNoResponseCreatedEvent(boolean sdkParsing) {
    List<ProcessorPart> parts = askForWeather(OpenAiModel.Api.CHAT_COMPLETIONS, sdkParsing);
    assertThat(parts).noneMatch(p -> event(p, ModelParts.RESPONSE_CREATED));
  }
}
