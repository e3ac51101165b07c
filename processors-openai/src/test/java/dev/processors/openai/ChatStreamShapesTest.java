package dev.processors.openai;

import static dev.processors.openai.OpenAiWire.DONE;
import static dev.processors.openai.OpenAiWire.calls;
import static dev.processors.openai.OpenAiWire.choice;
import static dev.processors.openai.OpenAiWire.chunk;
import static dev.processors.openai.OpenAiWire.stream;
import static dev.processors.openai.OpenAiWire.toolCallDelta;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.model.MalformedStreamException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.TruncatedStreamException;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Outcome;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chat Completions streams of shapes the protocol allows but the scripted fake turns do not
 * produce, on both readers (the SDK's chunk classes and the lean reader), through the fake server:
 * when a tool call is complete, which choice is the answer, how a cut stream is reported.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChatStreamShapesTest {
  private static final Content.FunctionCall WEATHER =
      new Content.FunctionCall("call_1", "get_weather", "{\"city\":\"Paris\"}");

  private final FakeOpenAiServer fake = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private Outcome run(boolean sdkParsing, FakeTurn turn) {
    fake.enqueue(turn);
    try (OpenAiModel model =
        OpenAiModel.builder()
            .model("gpt-4.1-mini")
            .api(OpenAiModel.Api.CHAT_COMPLETIONS)
            .apiKey("sk-test")
            .baseUrl(fake.baseUrl())
            .sdkParsing(sdkParsing)
            .retryPolicy(WireReplay.once())
            .build()) {
      return WireReplay.run(model);
    }
  }

  private static String weatherCallChunks() {
    return chunk(choice(0, toolCallDelta(0, "call_1", "get_weather", ""), null))
        + chunk(choice(0, toolCallDelta(0, null, null, "{\"city\":"), null))
        + chunk(choice(0, toolCallDelta(0, null, null, "\"Paris\"}"), null));
  }

  private static String text(String content) {
    return "{\"content\":" + OpenAiWire.quote(content) + "}";
  }

  private static int indexOfCall(Outcome out) {
    for (int i = 0; i < out.parts().size(); i++) {
      if (out.parts().get(i).content() instanceof Content.FunctionCall) {
        return i;
      }
    }
    return -1;
  }

  private static int indexOfText(Outcome out, String text) {
    for (int i = 0; i < out.parts().size(); i++) {
      if (out.parts().get(i).text().filter(text::equals).isPresent()) {
        return i;
      }
    }
    return -1;
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void textAfterAToolCallCompletesTheCallBeforeTheText(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                weatherCallChunks(),
                chunk(choice(0, text("Checking now."), null)),
                chunk(choice(0, "{}", "tool_calls")),
                DONE));
    assertThat(out.failure()).isNull();
    assertThat(calls(out.parts())).containsExactly(WEATHER);
    assertThat(indexOfCall(out)).isNotNegative().isLessThan(indexOfText(out, "Checking now."));
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aToolCallIsDeliveredWhenItsChoiceFinishesEvenIfTheStreamThenFails(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                weatherCallChunks(),
                chunk(choice(0, "{}", "tool_calls")),
                "data: {\"error\":{\"message\":\"The server had an error\","
                    + "\"type\":\"server_error\",\"param\":null,\"code\":\"server_error\"}}\n\n"));
    assertThat(out.failure()).isInstanceOf(ServerErrorException.class);
    assertThat(calls(out.parts())).containsExactly(WEATHER);
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aToolCallWithoutAFinishReasonIsDeliveredAtTheEndOfTheStream(boolean sdkParsing) {
    Outcome out = run(sdkParsing, stream(weatherCallChunks(), DONE));
    assertThat(out.failure()).isNull();
    assertThat(calls(out.parts())).containsExactly(WEATHER);
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void onlyTheFirstChoiceIsTheAnswer(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                chunk(choice(1, text("Other answer. "), null)),
                chunk(choice(0, text("Answer."), null) + "," + choice(1, text("More."), null)),
                chunk(choice(1, "{}", "stop") + "," + choice(0, "{}", "stop")),
                DONE));
    assertThat(out.failure()).isNull();
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Answer.");
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aCallWhoseArgumentsAreNotAJsonObjectIsAMalformedStream(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                chunk(choice(0, toolCallDelta(0, "call_1", "get_weather", "{\"city\":"), null)),
                chunk(choice(0, "{}", "tool_calls")),
                DONE));
    assertThat(out.failure())
        .isInstanceOf(MalformedStreamException.class)
        .hasMessageContaining("get_weather");
    assertThat(calls(out.parts())).isEmpty();
  }

  @Test
  void aStreamCutBeforeDoneSaysItMissedTheDoneEvent() {
    Outcome out = run(false, stream(chunk(choice(0, text("Hel"), null))));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("without data: [DONE]");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Hel");
  }
}
