package dev.processors.openai;

import static dev.processors.model.spi.WireReplay.fixture;
import static dev.processors.model.spi.WireReplay.once;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Answer;
import dev.processors.model.spi.WireReplay.Outcome;
import dev.processors.openai.OpenAiReplay.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The lean streamed-body readers produce, from recorded wire text, exactly the parts the
 * SDK-parsing backends produce from the same bytes: both run behind the real SDKs, answered by
 * {@link WireReplay}.
 */
class LeanStreamReadersTest {

  static Stream<Arguments> recordings() {
    return Stream.of(
        Arguments.of("chat-text.sse", Path.CHAT_SDK, Path.CHAT_LEAN),
        Arguments.of("chat-tools.sse", Path.CHAT_SDK, Path.CHAT_LEAN),
        Arguments.of("responses-text.sse", Path.RESPONSES_SDK, Path.RESPONSES_LEAN),
        Arguments.of("responses-tools.sse", Path.RESPONSES_SDK, Path.RESPONSES_LEAN),
        Arguments.of("responses-incomplete.sse", Path.RESPONSES_SDK, Path.RESPONSES_LEAN));
  }

  static Outcome replay(String fixture, Path path) {
    return WireReplay.run(new OpenAiReplay(Answer.sse(fixture(fixture))).model(path, once()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void leanReaderEmitsWhatTheSdkBackendEmits(String fixture, Path sdk, Path lean) {
    Outcome expected = replay(fixture, sdk);
    Outcome actual = replay(fixture, lean);
    assertThat(expected.failure()).as("SDK path").isNull();
    assertThat(actual.failure()).as("lean path").isNull();
    assertThat(expected.parts()).isNotEmpty();
    if (sdk == Path.RESPONSES_SDK) {
      // OpenAiResponsesBackend reports the model as the SDK union's toString
      // ("ResponsesModel{chat=...}"); the lean reader reports the model string (checked below).
      assertThat(actual.comparableWithoutModelVersion())
          .isEqualTo(expected.comparableWithoutModelVersion());
    } else {
      assertThat(actual.comparable()).isEqualTo(expected.comparable());
    }
  }

  @Test
  void chatTextKeepsEscapesAndUnicodeAndReportsUsage() {
    Outcome out = replay("chat-text.sse", Path.CHAT_LEAN);
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Hello, \"world\" été\n");
    ProcessorPart done = out.parts().get(out.parts().size() - 1);
    assertThat(done.isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
    assertThat(done.metadata())
        .containsEntry(ModelParts.FINISH_REASON, "stop")
        .containsEntry(ModelParts.RESPONSE_ID, "chatcmpl-Cx7Rb2Tq")
        .containsEntry(
            ModelParts.USAGE,
            Map.of(
                "input_tokens", 11L,
                "output_tokens", 5L,
                "total_tokens", 16L,
                "thought_tokens", 2L,
                "cached_tokens", 3L));
  }

  @Test
  void chatToolCallsAreAssembledInIndexOrderWithTheirArgumentsStreamedMeanwhile() {
    Outcome out = replay("chat-tools.sse", Path.CHAT_LEAN);
    assertThat(calls(out))
        .containsExactly(
            new Content.FunctionCall("call_Ab12", "get_weather", "{\"city\": \"Paris\"}"),
            new Content.FunctionCall("call_Cd34", "get_time", "{\"zone\":\"CET\"}"));
    assertThat(partials(out)).isNotEmpty();
  }

  @Test
  void responsesReasoningGoesToTheThoughtSubstream() {
    Outcome out = replay("responses-text.sse", Path.RESPONSES_LEAN);
    assertThat(
            out.parts().stream()
                .filter(p -> p.substream().equals(ModelParts.THOUGHT_SUBSTREAM))
                .map(p -> p.text().orElseThrow()))
        .containsExactly("Thinking about", " greetings");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Hello, \"world\" été\n");
    assertThat(out.parts().get(out.parts().size() - 1).metadata())
        .containsEntry(ModelParts.MODEL_VERSION, "gpt-4.1-mini-2025-04-14");
  }

  @Test
  void responsesIncompleteIsANormalEndThatSaysWhy() {
    Outcome out = replay("responses-incomplete.sse", Path.RESPONSES_LEAN);
    assertThat(out.failure()).isNull();
    assertThat(out.parts().get(out.parts().size() - 1).metadata())
        .containsEntry(ModelParts.FINISH_REASON, "incomplete:max_output_tokens");
  }

  private static List<ProcessorPart> partials(Outcome out) {
    return out.parts().stream()
        .filter(p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM))
        .toList();
  }

  private static List<Content.FunctionCall> calls(Outcome out) {
    return out.parts().stream()
        .map(ProcessorPart::content)
        .filter(Content.FunctionCall.class::isInstance)
        .map(Content.FunctionCall.class::cast)
        .toList();
  }
}
