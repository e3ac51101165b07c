package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import dev.processors.model.ResumeMismatchException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GenerationOutputTest {
  private final List<ProcessorPart> out = new ArrayList<>();
  private final GenerationOutput gen = new GenerationOutput("test", out::add, "utt-1", null);

  private List<String> texts() {
    return out.stream()
        .filter(p -> p.isText() && p.substream().isEmpty())
        .map(p -> p.text().orElseThrow())
        .toList();
  }

  @Test
  void firstAttemptEmitsEveryDeltaTaggedWithTheUtterance() {
    gen.beginAttempt();
    gen.text("a");
    gen.text("b");
    gen.complete();
    assertThat(texts()).containsExactly("a", "b");
    assertThat(out)
        .allSatisfy(
            p -> assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains("utt-1"));
    assertThat(out.get(2).isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
  }

  @Test
  void aRetriedAttemptEmitsOnlyTextBeyondWhatWentOutWhateverTheChunking() {
    gen.beginAttempt();
    gen.text("Hello, ");
    gen.text("wor");
    gen.attemptFailed(new RuntimeException("drop"));
    gen.beginAttempt();
    gen.text("He");
    gen.text("llo, w");
    gen.text("orld");
    gen.text("!");
    assertThat(texts()).containsExactly("Hello, ", "wor", "ld", "!");
  }

  @Test
  void aRetriedAttemptThatSaysSomethingElseFailsAtTheFirstDifference() {
    gen.beginAttempt();
    gen.text("Hello");
    RuntimeException drop = new RuntimeException("drop");
    gen.attemptFailed(drop);
    gen.beginAttempt();
    gen.text("Hel");
    assertThatThrownBy(() -> gen.text("p!"))
        .isInstanceOf(ResumeMismatchException.class)
        .hasMessageContaining("text offset 3")
        .hasCause(drop);
    assertThat(texts()).containsExactly("Hello");
  }

  @Test
  void replayedFunctionCallsAreCheckedAndSkippedKeepingTheFirstId() {
    gen.beginAttempt();
    gen.functionCall("id-1", "f", "{\"x\":1}", Map.of());
    gen.beginAttempt();
    gen.functionCall("id-2", "f", "{ \"x\" : 1 }", Map.of());
    gen.functionCall("id-3", "g", "{}", Map.of());
    List<Content.FunctionCall> calls =
        out.stream()
            .map(ProcessorPart::content)
            .filter(Content.FunctionCall.class::isInstance)
            .map(Content.FunctionCall.class::cast)
            .toList();
    assertThat(calls).extracting(Content.FunctionCall::id).containsExactly("id-1", "id-3");
  }

  @Test
  void aReplayedCallWithOtherArgumentsIsAMismatch() {
    gen.beginAttempt();
    gen.functionCall("id-1", "f", "{\"x\":1}", Map.of());
    gen.beginAttempt();
    assertThatThrownBy(() -> gen.functionCall("id-1", "f", "{\"x\":2}", Map.of()))
        .isInstanceOf(ResumeMismatchException.class)
        .hasMessageContaining("function call 0");
  }

  @Test
  void callsWithoutAnIdGetAStableOne() {
    gen.beginAttempt();
    gen.functionCall("", "f", "{}", Map.of());
    assertThat(((Content.FunctionCall) out.get(0).content()).id()).isEqualTo("call_utt-1_0");
  }

  @Test
  void partialArgumentsAreNotRepeatedAfterARetry() {
    gen.beginAttempt();
    gen.argumentsDelta(0, "c", "f", "{\"a\":");
    gen.argumentsDelta(0, "c", "f", "\"xy");
    int before = out.size();
    gen.beginAttempt();
    gen.argumentsDelta(0, "c", "f", "{\"a\":\"x");
    assertThat(out).hasSize(before);
    gen.argumentsDelta(0, "c", "f", "yz\"}");
    assertThat(out).hasSize(before + 1);
    ProcessorPart last = out.get(out.size() - 1);
    assertThat(last.substream()).isEqualTo(ModelParts.PARTIAL_SUBSTREAM);
    assertThat(((Content.Json) last.content()).json()).isEqualTo("{\"a\":\"xyz\"}");
    assertThat(last.metadata()).containsEntry(ModelParts.FUNCTION_NAME, "f");
  }

  @Test
  void thoughtsAreDroppedAfterARetryOnceSomeWentOut() {
    gen.beginAttempt();
    gen.thought("hmm");
    gen.beginAttempt();
    gen.thought("hmm, well");
    assertThat(out).hasSize(1);
    assertThat(out.get(0).substream()).isEqualTo(ModelParts.THOUGHT_SUBSTREAM);
  }

  @Test
  void completeReportsUsageFinishReasonAndAttempts() {
    gen.beginAttempt();
    gen.beginAttempt();
    gen.usage(3, 4, 7, null, 1);
    gen.finishReason("STOP");
    gen.responseId("r1");
    gen.modelVersion("m1");
    gen.complete();
    ProcessorPart done = out.get(0);
    assertThat(done.role()).isEqualTo(ProcessorPart.MODEL);
    assertThat(done.metadata())
        .containsEntry(ModelParts.FINISH_REASON, "STOP")
        .containsEntry(ModelParts.RESPONSE_ID, "r1")
        .containsEntry(ModelParts.MODEL_VERSION, "m1")
        .containsEntry(ModelParts.ATTEMPTS, 2L)
        .containsEntry(
            ModelParts.USAGE,
            Map.of(
                "input_tokens", 3L, "output_tokens", 4L, "total_tokens", 7L, "cached_tokens", 1L));
  }

  @Test
  void blobsAreEmittedOnceAcrossRetries() {
    gen.beginAttempt();
    gen.blob(new byte[] {1, 2}, "image/png");
    gen.beginAttempt();
    gen.blob(new byte[] {1, 2}, "image/png");
    gen.blob(new byte[] {3}, "image/png");
    assertThat(out).hasSize(2);
  }

  private static String longStringArgument(int chars) {
    StringBuilder sb = new StringBuilder("{\"code\":\"");
    while (sb.length() < chars - 2) {
      sb.append("x = x + 1; ");
    }
    sb.setLength(chars - 2);
    return sb.append("\"}").toString();
  }

  private long partialChars() {
    return out.stream()
        .filter(p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM))
        .mapToLong(p -> ((Content.Json) p.content()).json().length())
        .sum();
  }

  @Test
  void partialArgumentsOfA256KbCallIn20CharDeltasCarryAboutFiveTimesItsSize() {
    String json = longStringArgument(256 * 1024);
    gen.beginAttempt();
    for (int i = 0; i < json.length(); i += 20) {
      gen.argumentsDelta(0, "c", "save", json.substring(i, Math.min(json.length(), i + 20)));
    }
    gen.functionCall("c", "save", json, Map.of());
    // One view per delta wrote 1.7 GB here; views now grow geometrically.
    assertThat(partialChars()).isLessThan(6L * json.length());
    assertThat(out).hasSizeLessThan(100);
    assertThat(out.get(out.size() - 1).content()).isInstanceOf(Content.FunctionCall.class);
  }

  @Test
  void partialStructuredOutputOfA256KbValueIn20CharDeltasCarriesAboutFiveTimesItsSize() {
    GenerationOutput structured =
        new GenerationOutput(
            "test",
            out::add,
            "utt-1",
            dev.processors.model.OutputSchema.of("{\"type\":\"object\"}"));
    String json = longStringArgument(256 * 1024);
    structured.beginAttempt();
    for (int i = 0; i < json.length(); i += 20) {
      structured.text(json.substring(i, Math.min(json.length(), i + 20)));
    }
    structured.complete();
    assertThat(partialChars()).isLessThan(6L * json.length());
    assertThat(out).hasSizeLessThan(100);
  }
}
