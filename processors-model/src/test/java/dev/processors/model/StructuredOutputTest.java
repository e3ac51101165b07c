package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class StructuredOutputTest {
  record Weather(String city, int celsius, Optional<String> summary) {}

  record Node(String name, List<Node> children) {}

  private static final StructuredOutput<Weather> WEATHER = StructuredOutput.of(Weather.class);

  /**
   * A model that answers each request with the next JSON text, streamed as a partial then final.
   */
  private static Processor answering(List<String> prompts, String... answers) {
    List<String> left = new ArrayList<>(List.of(answers));
    return (in, out) -> {
      prompts.add(ProcessorPart.textOf(in.toList()));
      String json = left.remove(0);
      out.emit(
          ProcessorPart.json("{\"city\":\"Paris\"}").withSubstream(ModelParts.PARTIAL_SUBSTREAM));
      out.emit(ProcessorPart.json(json));
    };
  }

  @Test
  void theSchemaComesFromTheRecordWithOptionalComponentsNotRequired() {
    assertThat(WEATHER.schema())
        .contains("\"city\"")
        .contains("\"celsius\"")
        .contains("\"required\":[\"city\",\"celsius\"]");
  }

  @Test
  void theFinalAnswerIsBoundToTheType() {
    List<String> prompts = new CopyOnWriteArrayList<>();
    Processor model =
        answering(prompts, "{\"city\":\"Paris\",\"celsius\":21,\"summary\":\"mild\"}");
    Weather w = WEATHER.ask(model, List.of(ProcessorPart.text("Weather in Paris?")));
    assertThat(w).isEqualTo(new Weather("Paris", 21, Optional.of("mild")));
    assertThat(prompts).containsExactly("Weather in Paris?");
  }

  @Test
  void aPartialViewBindsLenientlyAndAFinalOneStrictly() {
    ProcessorPart partial = ProcessorPart.json("{\"city\":\"Paris\"}");
    assertThat(WEATHER.partial(partial)).contains(new Weather("Paris", 0, Optional.empty()));
    assertThatThrownBy(() -> WEATHER.bind(partial))
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("Weather")
        .hasMessageContaining("celsius");
  }

  @Test
  void anAnswerThatDoesNotFitNamesTheField() {
    Processor model = answering(new ArrayList<>(), "{\"city\":\"Paris\",\"celsius\":21.5}");
    assertThatThrownBy(() -> WEATHER.ask(model, List.of(ProcessorPart.text("?"))))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> assertThat(String.join(" ", e.problems())).contains("celsius"));
  }

  @Test
  void reaskingOnceSendsWhatWasWrongAndTakesTheSecondAnswer() {
    List<String> prompts = new CopyOnWriteArrayList<>();
    Processor model =
        answering(
            prompts,
            "{\"city\":\"Paris\",\"celsius\":\"warm\"}",
            "{\"city\":\"Paris\",\"celsius\":21}");
    Weather w = WEATHER.reaskOnce().ask(model, List.of(ProcessorPart.text("Weather in Paris?")));
    assertThat(w).isEqualTo(new Weather("Paris", 21, Optional.empty()));
    assertThat(prompts).hasSize(2);
    assertThat(prompts.get(1)).contains("did not match").contains("celsius");
  }

  @Test
  void withoutReaskingTheFirstBadAnswerFails() {
    Processor model =
        answering(
            new ArrayList<>(),
            "{\"city\":\"Paris\",\"celsius\":\"warm\"}",
            "{\"city\":\"Paris\",\"celsius\":21}");
    assertThatThrownBy(() -> WEATHER.ask(model, List.of(ProcessorPart.text("?"))))
        .isInstanceOf(StructuredOutputException.class);
  }

  @Test
  void anAnswerWithoutStructuredOutputAndTypesWithoutASchemaAreRefused() {
    assertThatThrownBy(() -> WEATHER.read(List.of(ProcessorPart.text("sunny"))))
        .isInstanceOf(StructuredOutputException.class)
        .hasMessageContaining("no structured output");
    assertThatThrownBy(() -> StructuredOutput.of(Node.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Node");
    assertThatThrownBy(() -> StructuredOutput.of(String.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("record or class");
  }
}
