package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelAnswerTest {

  @Test
  void aStreamedGenerationIsGatheredIntoOneAnswer() {
    List<ProcessorPart> parts =
        List.of(
            ProcessorPart.text("thinking...").withSubstream(ModelParts.THOUGHT_SUBSTREAM),
            ProcessorPart.text("It is "),
            ProcessorPart.status("retrying"),
            ProcessorPart.json("{\"city\":\"Pa\"}").withSubstream(ModelParts.PARTIAL_SUBSTREAM),
            ProcessorPart.text("sunny."),
            ProcessorPart.functionCall("c1", "get_weather", "{\"city\":\"Paris\"}"),
            ProcessorPart.json("{\"city\":\"Paris\"}"),
            ProcessorPart.signal(SignalKind.GENERATION_COMPLETE)
                .withMetadata(ModelParts.USAGE, Map.of("input_tokens", 3, "output_tokens", 5))
                .withMetadata(ModelParts.FINISH_REASON, "STOP")
                .withMetadata(ModelParts.RESPONSE_ID, "r-1"));

    ModelAnswer answer = ModelAnswer.of(parts);

    assertThat(answer.text()).isEqualTo("It is sunny.");
    assertThat(answer.functionCalls())
        .containsExactly(new Content.FunctionCall("c1", "get_weather", "{\"city\":\"Paris\"}"));
    assertThat(answer.structuredOutput()).contains("{\"city\":\"Paris\"}");
    assertThat(answer.usage()).containsEntry("input_tokens", 3L).containsEntry("output_tokens", 5L);
    assertThat(answer.finishReason()).contains("STOP");
    assertThat(answer.responseId()).contains("r-1");
    assertThat(answer.complete()).isTrue();
  }

  @Test
  void anAnswerCutBeforeItsFinalSignalSaysSo() {
    ModelAnswer answer = ModelAnswer.of(List.of(ProcessorPart.text("It is")));
    assertThat(answer.text()).isEqualTo("It is");
    assertThat(answer.complete()).isFalse();
    assertThat(answer.usage()).isEmpty();
    assertThat(answer.finishReason()).isEmpty();
  }
}
