package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.model.ModelParts;
import dev.processors.model.StructuredOutputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link OperatorModels#of(Processor)}: what a spec model takes as the answer of any model
 * processor (here small processors that emit what a model processor emits), and how failures reach
 * the generator.
 */
class SpecModelAdapterTest {
  private static final List<ProcessorPart> ASK = List.of(ProcessorPart.text("Request: x"));

  private static String answer(Processor model) {
    try (SpecModel spec = OperatorModels.of(model)) {
      return spec.answer(ASK);
    }
  }

  @Test
  void theAnswerIsTheFinalJsonPartOrElseTheTextWithStatusAndPartialPartsLeftOut() {
    assertThat(
            answer(
                (in, out) -> {
                  out.emit(ProcessorPart.status("thinking"));
                  out.emit(
                      ProcessorPart.json("{\"a\":0}").withSubstream(ModelParts.PARTIAL_SUBSTREAM));
                  out.emit(ProcessorPart.text("{\"kind\":"));
                  out.emit(ProcessorPart.text("\"map\"}"));
                }))
        .isEqualTo("{\"kind\":\"map\"}");
    assertThat(
            answer(
                (in, out) -> {
                  out.emit(ProcessorPart.text("preamble"));
                  out.emit(ProcessorPart.json("{\"kind\":\"filter\"}"));
                  out.emit(ProcessorPart.text("trailer"));
                }))
        .isEqualTo("{\"kind\":\"filter\"}");
    assertThat(answer((in, out) -> out.emit(ProcessorPart.status("nothing to say")))).isEmpty();
  }

  @Test
  void anOffSchemaAnswerWithNothingToHandOverIsASchemaRejectionWithItsProblems() {
    Throwable none =
        catchThrowable(
            () ->
                answer(
                    (in, out) -> {
                      throw new StructuredOutputException(
                          "fake", "off schema", List.of("$.kind: missing"), null);
                    }));
    assertThat(none).isInstanceOf(InvalidSpecException.class);
    assertThat(((InvalidSpecException) none).check()).isEqualTo(InvalidSpecException.Check.SCHEMA);
    assertThat(((InvalidSpecException) none).problems()).containsExactly("$.kind: missing");
    Throwable notJson =
        catchThrowable(
            () ->
                answer(
                    (in, out) -> {
                      throw new StructuredOutputException("fake", "not json", List.of(), null);
                    }));
    assertThat(notJson).isInstanceOf(InvalidSpecException.class).hasMessageContaining("not JSON");
  }

  @Test
  void anOffSchemaAnswerHandsOverWhatArrivedSoTheSchemaCheckCanNameItsProblems() {
    // The most complete partial JSON when no final part came...
    assertThat(
            answer(
                (in, out) -> {
                  out.emit(
                      ProcessorPart.json("{\"kind\":\"ma\"}")
                          .withSubstream(ModelParts.PARTIAL_SUBSTREAM));
                  out.emit(
                      ProcessorPart.json("{\"kind\":\"map\",\"extra\":1}")
                          .withSubstream(ModelParts.PARTIAL_SUBSTREAM));
                  throw new StructuredOutputException(
                      "fake", "off schema", List.of("$.extra: not allowed"), null);
                }))
        .isEqualTo("{\"kind\":\"map\",\"extra\":1}");
    // ...else the text of the answer, every delta of it (they came before the failure).
    assertThat(
            answer(
                (in, out) -> {
                  out.emit(ProcessorPart.text("{\"kind\":"));
                  out.emit(ProcessorPart.text("\"map\"}"));
                  throw new StructuredOutputException(
                      "fake", "off schema", List.of("$.fields: missing"), null);
                }))
        .isEqualTo("{\"kind\":\"map\"}");
  }

  @Test
  void aModelCallThatIsCancelledReachesTheGeneratorAsTheCancellation() {
    Throwable t =
        catchThrowable(
            () ->
                answer(
                    (in, out) -> {
                      throw new java.util.concurrent.CancellationException("caller gave up");
                    }));
    assertThat(t)
        .isInstanceOf(java.util.concurrent.CancellationException.class)
        .hasMessage("caller gave up");
  }

  @Test
  void aFailingModelIsARetryableModelCallErrorEvenAfterSomeText() {
    Throwable t =
        catchThrowable(
            () ->
                answer(
                    (in, out) -> {
                      out.emit(ProcessorPart.text("{\"kind\":"));
                      throw new IllegalStateException("connection reset");
                    }));
    assertThat(t)
        .isInstanceOf(ModelCallException.class)
        .hasMessageContaining("the model call failed");
    assertThat(((ModelCallException) t).retryable()).isTrue();
  }

  @Test
  void aSpecModelIsNamedAfterItsProcessorAndLeavesItOpen() {
    Processor model = ((Processor) (in, out) -> {}).named("my-model");
    SpecModel spec = OperatorModels.of(model);
    assertThat(spec.toString()).isEqualTo("SpecModel(my-model)");
    spec.close();
    assertThat(answer(model)).isEmpty(); // still usable: the caller owns it
  }
}
