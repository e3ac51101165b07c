package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a turn keeps for the history (model text deltas joined into one part per run of text) and
 * how a failure reads in an error frame's {@code error_details}.
 */
class AssistantTurnHelpersTest {
  private static ProcessorPart model(String text) {
    return ProcessorPart.text(text).withRole(ProcessorPart.MODEL);
  }

  @Test
  void compactJoinsEachRunOfModelTextAndKeepsEverythingElseInPlace() {
    ProcessorPart user = ProcessorPart.text("weather in Lisbon?");
    ProcessorPart call = ProcessorPart.functionCall("c1", "get_weather", "{\"city\":\"Lisbon\"}");
    ProcessorPart result =
        ProcessorPart.functionResponse("c1", "get_weather", Map.of("temperature_c", 20));

    List<ProcessorPart> kept =
        AssistantTurn.compact(
            List.of(
                user,
                model("Let me "),
                model("look."),
                call,
                result,
                model("It is "),
                model("20 °C.")));

    assertThat(kept)
        .containsExactly(user, model("Let me look."), call, result, model("It is 20 °C."));
  }

  @Test
  void compactKeepsUserTextAsItIsAndLeavesNoEmptyModelPart() {
    ProcessorPart user = ProcessorPart.text("a");
    ProcessorPart again = ProcessorPart.text("b");

    assertThat(AssistantTurn.compact(List.of(user, again))).containsExactly(user, again);
    assertThat(AssistantTurn.compact(List.of())).isEmpty();
    assertThat(AssistantTurn.compact(List.of(model("only"), user)))
        .containsExactly(model("only"), user);
  }

  @Test
  void describeNamesTheRootCauseThroughProcessorExceptionsAndMessagelessWrappers() {
    IOException root = new IOException("connection reset");
    RuntimeException wrapped =
        new ProcessorException("model", new UncheckedIOException(null, root));

    assertThat(AssistantTurn.describe(new IllegalStateException("quota exceeded")))
        .isEqualTo("IllegalStateException: quota exceeded");
    assertThat(AssistantTurn.describe(new ProcessorException("model", root)))
        .isEqualTo("IOException: connection reset");
    assertThat(AssistantTurn.describe(new RuntimeException(null, root)))
        .isEqualTo("IOException: connection reset");
    assertThat(AssistantTurn.describe(wrapped)).isEqualTo("IOException: connection reset");
  }

  @Test
  void describeStopsAtAWrapperThatSaysSomething() {
    RuntimeException says =
        new IllegalArgumentException("bad tool arguments", new IOException("x"));

    assertThat(AssistantTurn.describe(says))
        .isEqualTo("IllegalArgumentException: bad tool arguments");
    assertThat(AssistantTurn.describe(new NullPointerException()))
        .isEqualTo("NullPointerException");
  }
}
