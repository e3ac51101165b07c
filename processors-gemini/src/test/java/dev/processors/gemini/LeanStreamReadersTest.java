package dev.processors.gemini;

import static dev.processors.model.spi.WireReplay.fixture;
import static dev.processors.model.spi.WireReplay.once;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.gemini.GeminiReplay.Path;
import dev.processors.model.ModelParts;
import dev.processors.model.spi.Json;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Answer;
import dev.processors.model.spi.WireReplay.Outcome;
import java.util.List;
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
        Arguments.of("gemini-text.sse", Path.GEMINI_SDK, Path.GEMINI_LEAN),
        Arguments.of("gemini-tools.sse", Path.GEMINI_SDK, Path.GEMINI_LEAN),
        Arguments.of("gemini-image.sse", Path.GEMINI_SDK, Path.GEMINI_LEAN),
        Arguments.of("gemini-blocked.sse", Path.GEMINI_SDK, Path.GEMINI_LEAN));
  }

  static Outcome replay(String fixture, Path path) {
    return WireReplay.run(new GeminiReplay(Answer.sse(fixture(fixture))).model(path, once()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("recordings")
  void leanReaderEmitsWhatTheSdkBackendEmits(String fixture, Path sdk, Path lean) {
    Outcome expected = replay(fixture, sdk);
    Outcome actual = replay(fixture, lean);
    assertThat(expected.failure()).as("SDK path").isNull();
    assertThat(actual.failure()).as("lean path").isNull();
    assertThat(expected.parts()).isNotEmpty();
    assertThat(actual.comparable()).isEqualTo(expected.comparable());
  }

  @Test
  void geminiFunctionCallsComeWholeWithTheirThoughtSignature() {
    Outcome out = replay("gemini-tools.sse", Path.GEMINI_LEAN);
    List<ProcessorPart> calls =
        out.parts().stream().filter(p -> p.content() instanceof Content.FunctionCall).toList();
    assertThat(calls).hasSize(2);
    Content.FunctionCall weather = (Content.FunctionCall) calls.get(0).content();
    assertThat(weather.name()).isEqualTo("get_weather");
    assertThat(Json.parse(weather.arguments(), "args"))
        .isEqualTo(Json.parse("{\"city\":\"Paris\",\"days\":2,\"units\":{\"temp\":\"C\"}}", "x"));
    assertThat(calls.get(0).metadataString(ModelParts.THOUGHT_SIGNATURE))
        .contains("CiQBVKhc7wTd0Xw5tjYrAjwG1rXUJb3Cx7JhmMUjGIM8");
    assertThat(calls.get(1).metadataString(ModelParts.THOUGHT_SIGNATURE)).isEmpty();
  }

  @Test
  void geminiInlineImageBecomesABlob() {
    Outcome out = replay("gemini-image.sse", Path.GEMINI_LEAN);
    Content.Blob blob =
        out.parts().stream()
            .map(ProcessorPart::content)
            .filter(Content.Blob.class::isInstance)
            .map(Content.Blob.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(blob.mimeType()).isEqualTo("image/png");
    assertThat(blob.bytes()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
  }

  @Test
  void geminiBlockedPromptEndsWithItsReason() {
    Outcome out = replay("gemini-blocked.sse", Path.GEMINI_LEAN);
    assertThat(out.failure()).isNull();
    assertThat(out.parts()).hasSize(1);
    assertThat(out.parts().get(0).metadata())
        .containsEntry(ModelParts.FINISH_REASON, "PROMPT_BLOCKED_SAFETY");
  }

  private static List<Content.FunctionCall> calls(Outcome out) {
    return out.parts().stream()
        .map(ProcessorPart::content)
        .filter(Content.FunctionCall.class::isInstance)
        .map(Content.FunctionCall.class::cast)
        .toList();
  }

  private static List<ProcessorPart> partials(Outcome out) {
    return out.parts().stream()
        .filter(p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM))
        .toList();
  }
}
