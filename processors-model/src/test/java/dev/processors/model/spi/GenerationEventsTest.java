package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import dev.processors.model.OutputSchema;
import dev.processors.model.ResumeMismatchException;
import dev.processors.model.StructuredOutputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The out-of-band events of a generation (response created, function call started), what the
 * complete signal and the log summary carry, and structured output streamed as partial JSON.
 */
class GenerationEventsTest {
  private final List<ProcessorPart> out = new ArrayList<>();
  private final GenerationOutput gen = new GenerationOutput("test", out::add, "utt-1", null);

  private List<ProcessorPart> statusParts() {
    return out.stream().filter(p -> p.substream().equals(ProcessorPart.STATUS)).toList();
  }

  private List<String> partials() {
    return out.stream()
        .filter(p -> p.substream().equals(ModelParts.PARTIAL_SUBSTREAM))
        .map(p -> ((Content.Json) p.content()).json())
        .toList();
  }

  private ProcessorPart last() {
    return out.get(out.size() - 1);
  }

  @Test
  void aCreatedResponseIsAnnouncedBeforeOutputAndItsIdsEndUpOnTheCompleteSignal() {
    gen.beginAttempt();
    gen.responseCreated("resp-1", "model-2025");
    gen.text("Hi");
    gen.complete();
    ProcessorPart created = out.get(0);
    assertThat(created.substream()).isEqualTo(ProcessorPart.STATUS);
    assertThat(created.role()).isEqualTo(ProcessorPart.MODEL);
    assertThat(created.text()).contains("response created");
    assertThat(created.metadata())
        .containsEntry(PlaybackTracker.UTTERANCE_ID, "utt-1")
        .containsEntry(ModelParts.EVENT, ModelParts.RESPONSE_CREATED)
        .containsEntry(ModelParts.RESPONSE_ID, "resp-1")
        .containsEntry(ModelParts.MODEL_VERSION, "model-2025")
        .containsEntry(ModelParts.ATTEMPTS, 1L);
    assertThat(last().isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
    assertThat(last().metadata())
        .containsEntry(ModelParts.RESPONSE_ID, "resp-1")
        .containsEntry(ModelParts.MODEL_VERSION, "model-2025");
  }

  @Test
  void aCreatedResponseWithoutIdsCarriesNone() {
    gen.beginAttempt();
    gen.responseCreated("", null);
    gen.complete();
    assertThat(out.get(0).metadata())
        .containsEntry(ModelParts.EVENT, ModelParts.RESPONSE_CREATED)
        .doesNotContainKeys(ModelParts.RESPONSE_ID, ModelParts.MODEL_VERSION);
    assertThat(last().metadata())
        .doesNotContainKeys(ModelParts.RESPONSE_ID, ModelParts.MODEL_VERSION);
  }

  @Test
  void eachAttemptAnnouncesItsOwnResponse() {
    gen.beginAttempt();
    gen.responseCreated(null, "");
    gen.beginAttempt();
    gen.responseCreated("resp-2", "v");
    assertThat(statusParts())
        .extracting(p -> p.metadata().get(ModelParts.ATTEMPTS))
        .containsExactly(1L, 2L);
    assertThat(statusParts().get(0).metadata())
        .doesNotContainKeys(ModelParts.RESPONSE_ID, ModelParts.MODEL_VERSION);
  }

  @Test
  void statusPartsAreNotOutputSoTheyDoNotStopARetryWithoutResume() {
    gen.beginAttempt();
    assertThat(gen.emittedAnything()).isFalse();
    gen.responseCreated("r", "v");
    gen.functionCallStarted(0, "c", "f");
    assertThat(gen.emittedAnything()).isFalse();
    gen.text("x");
    assertThat(gen.emittedAnything()).isTrue();
  }

  @Test
  void aFunctionCallIsAnnouncedOnceOverAllAttemptsWithAnIdEvenIfTheProviderSentNone() {
    gen.beginAttempt();
    gen.functionCallStarted(0, "call-a", "lookup");
    gen.functionCallStarted(0, "call-a", "lookup");
    gen.functionCall("call-a", "lookup", "{\"q\":1}", Map.of());
    gen.beginAttempt();
    gen.functionCallStarted(0, "call-z", "lookup");
    gen.functionCall("call-z", "lookup", "{\"q\":1}", Map.of());
    gen.functionCallStarted(1, "", "fetch");
    gen.functionCallStarted(2, null, "store");
    List<ProcessorPart> status = statusParts();
    assertThat(status)
        .extracting(p -> p.text().orElseThrow())
        .containsExactly(
            "function call started: lookup",
            "function call started: fetch",
            "function call started: store");
    assertThat(status.get(0).metadata())
        .containsEntry(ModelParts.EVENT, ModelParts.FUNCTION_CALL_STARTED)
        .containsEntry(ModelParts.CALL_ID, "call-a")
        .containsEntry(ModelParts.FUNCTION_NAME, "lookup")
        .containsEntry(PlaybackTracker.UTTERANCE_ID, "utt-1");
    assertThat(status.get(1).metadata()).containsEntry(ModelParts.CALL_ID, "call_utt-1_1");
    assertThat(status.get(2).metadata()).containsEntry(ModelParts.CALL_ID, "call_utt-1_2");
  }

  @Test
  void extraMetadataOfAFunctionCallGoesOnItsPart() {
    gen.beginAttempt();
    gen.functionCall("c1", "f", "{}", Map.of("thought_signature", "sig-1"));
    gen.functionCall("c2", "g", "", Map.of());
    assertThat(out.get(0).metadata())
        .containsEntry("thought_signature", "sig-1")
        .containsEntry(PlaybackTracker.UTTERANCE_ID, "utt-1");
    assertThat(out.get(1).metadata()).doesNotContainKey("thought_signature");
    assertThat(((Content.FunctionCall) out.get(1).content()).arguments()).isEqualTo("{}");
  }

  @Test
  void usageOfZeroTokensIsReportedAndMissingCountsAreLeftOut() {
    gen.beginAttempt();
    gen.usage(0, 5, null, 2, null);
    gen.complete();
    assertThat(last().metadata())
        .containsEntry(
            ModelParts.USAGE,
            Map.of("input_tokens", 0L, "output_tokens", 5L, "thought_tokens", 2L));
  }

  @Test
  void aRetryThatDivergesLaterInADeltaNamesTheExactOffset() {
    gen.beginAttempt();
    gen.text("Hello");
    gen.beginAttempt();
    assertThatThrownBy(() -> gen.text("Help"))
        .isInstanceOf(ResumeMismatchException.class)
        .hasMessageContaining("text offset 3");
  }

  @Test
  void theLogSummaryHasTheTextTheCallsAndTheCompletionButNotTheUtterance() {
    gen.beginAttempt();
    gen.text("a \"quoted\" answer");
    gen.functionCall("c1", "lookup", "{\"q\":1}", Map.of());
    assertThat(gen.summary()).isEqualTo("text=\"a \\\"quoted\\\" answer\", call=lookup{\"q\":1}");
    gen.finishReason("STOP");
    gen.complete();
    assertThat(gen.summary())
        .startsWith("text=\"a \\\"quoted\\\" answer\", call=lookup{\"q\":1}, {")
        .contains("finish_reason=STOP")
        .contains("attempts=1")
        .doesNotContain("utt-1");
  }

  @Test
  void theGenerationKnowsItsUtteranceAndCountsItsAttempts() {
    assertThat(gen.utteranceId()).isEqualTo("utt-1");
    assertThat(gen.attempts()).isZero();
    gen.beginAttempt();
    gen.beginAttempt();
    assertThat(gen.attempts()).isEqualTo(2);
  }

  private final GenerationOutput structured =
      new GenerationOutput(
          "test",
          out::add,
          "utt-2",
          OutputSchema.of(
              "{\"type\":\"object\",\"required\":[\"city\"],"
                  + "\"properties\":{\"city\":{\"type\":\"string\"}}}"));

  @Test
  void structuredOutputStreamsEachNewViewOnceThenTheValidatedValue() {
    structured.beginAttempt();
    for (String d : List.of("{\"city\":", " \"Par", "is\"", " ", "}")) {
      structured.text(d);
    }
    assertThat(partials()).containsExactly("{}", "{\"city\":\"Par\"}", "{\"city\":\"Paris\"}");
    assertThat(out)
        .allSatisfy(
            p -> assertThat(p.metadataString(PlaybackTracker.UTTERANCE_ID)).contains("utt-2"));
    structured.complete();
    ProcessorPart value = out.get(out.size() - 2);
    assertThat(value.substream()).isEmpty();
    assertThat(((Content.Json) value.content()).json()).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(value.metadata()).containsEntry(ModelParts.SCHEMA_VALID, true);
    assertThat(last().isSignal(SignalKind.GENERATION_COMPLETE)).isTrue();
  }

  @Test
  void aRetriedStructuredOutputRepeatsNoViewAndContinuesWhereItStopped() {
    structured.beginAttempt();
    structured.text("{\"city\":");
    structured.text(" \"Par");
    structured.beginAttempt();
    structured.text("{\"city\": \"Par");
    assertThat(partials()).containsExactly("{}", "{\"city\":\"Par\"}");
    structured.text("is\"}");
    structured.complete();
    assertThat(partials()).containsExactly("{}", "{\"city\":\"Par\"}", "{\"city\":\"Paris\"}");
  }

  @Test
  void structuredOutputThatBreaksTheSchemaFailsNamingTheProblem() {
    structured.beginAttempt();
    structured.text("{\"town\":\"Paris\"}");
    assertThatThrownBy(structured::complete)
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("does not match the schema")
        .satisfies(
            e ->
                assertThat(((StructuredOutputException) e).problems())
                    .anySatisfy(p -> assertThat(p).contains("city")));
  }

  @Test
  void argumentViewsThatDidNotChangeAreNotRepeated() {
    gen.beginAttempt();
    gen.argumentsDelta(0, "c", "f", "{\"n\":");
    gen.argumentsDelta(0, "c", "f", "1");
    gen.argumentsDelta(0, "c", "f", "2,");
    assertThat(partials()).containsExactly("{}", "{\"n\":12}");
  }

  @Test
  void aRetryShowsNoArgumentViewUntilItGoesBeyondWhatWentOut() {
    gen.beginAttempt();
    gen.argumentsDelta(0, "c", "f", "{\"a\":\"xy");
    gen.beginAttempt();
    gen.argumentsDelta(0, "c", "f", "{\"a\":\"xz");
    assertThat(partials()).containsExactly("{\"a\":\"xy\"}");
  }
}
