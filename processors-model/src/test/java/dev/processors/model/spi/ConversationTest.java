package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelParts;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConversationTest {

  @Test
  void systemPartsBecomeTheInstructionAndRolesGroupIntoTurns() {
    Conversation c =
        Conversation.of(
            List.of(
                ProcessorPart.text("Be terse.").withRole(ProcessorPart.SYSTEM),
                ProcessorPart.text("Hi"),
                ProcessorPart.text(" there"),
                ProcessorPart.text("Hello!").withRole("assistant"),
                ProcessorPart.text("Weather?"),
                ProcessorPart.text("Use metric.").withRole(ProcessorPart.SYSTEM)),
            "test");
    assertThat(c.systemInstruction()).isEqualTo("Be terse.\n\nUse metric.");
    assertThat(c.turns())
        .extracting(Conversation.Turn::speaker)
        .containsExactly(
            Conversation.Speaker.USER, Conversation.Speaker.MODEL, Conversation.Speaker.USER);
    assertThat(c.turns().get(0).parts()).hasSize(2);
  }

  @Test
  void theModelsInstructionComesBeforeTheConversationsSystemParts() {
    List<ProcessorPart> hi = List.of(ProcessorPart.text("Hi"));
    List<ProcessorPart> withSystem =
        List.of(ProcessorPart.text("Use metric.").withRole(ProcessorPart.SYSTEM), hi.get(0));
    assertThat(Conversation.of(withSystem, "test").systemInstructionAfter("Be terse."))
        .isEqualTo("Be terse.\n\nUse metric.");
    assertThat(Conversation.of(withSystem, "test").systemInstructionAfter(""))
        .isEqualTo("Use metric.");
    assertThat(Conversation.of(hi, "test").systemInstructionAfter("Be terse."))
        .isEqualTo("Be terse.");
    assertThat(Conversation.of(hi, "test").systemInstructionAfter("")).isEmpty();
  }

  @Test
  void signalsOutOfBandAndOtherSubstreamsAreLeftOut() {
    Conversation c =
        Conversation.of(
            List.of(
                ProcessorPart.text("Hi"),
                ProcessorPart.endOfTurn(),
                ProcessorPart.status("thinking"),
                ProcessorPart.text("{}").withSubstream(ModelParts.PARTIAL_SUBSTREAM)),
            "test");
    assertThat(c.turns()).hasSize(1);
    assertThat(c.turns().get(0).parts()).containsExactly(ProcessorPart.text("Hi"));
  }

  @Test
  void callsWithoutIdsArePairedWithTheirResponsesByName() {
    Conversation c =
        Conversation.of(
            List.of(
                ProcessorPart.text("Weather in Paris and Rome?"),
                ProcessorPart.functionCall("", "get_weather", "{\"city\":\"Paris\"}"),
                ProcessorPart.functionCall("", "get_weather", "{\"city\":\"Rome\"}"),
                ProcessorPart.functionResponse("", "get_weather", "{\"t\":20}"),
                ProcessorPart.functionResponse("", "get_weather", "{\"t\":25}")),
            "test");
    List<ProcessorPart> calls = c.turns().get(1).parts();
    List<ProcessorPart> responses = c.turns().get(2).parts();
    assertThat(calls)
        .extracting(p -> ((Content.FunctionCall) p.content()).id())
        .containsExactly("call_0", "call_1");
    assertThat(responses)
        .extracting(p -> ((Content.FunctionResponse) p.content()).id())
        .containsExactly("call_0", "call_1");
  }

  @Test
  void aConversationWithNothingToAnswerIsABadRequest() {
    assertThatThrownBy(
            () ->
                Conversation.of(
                    List.of(ProcessorPart.text("sys").withRole(ProcessorPart.SYSTEM)), "test"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("no user or model parts");
  }

  @Test
  void aSystemPartMustBeText() {
    assertThatThrownBy(
            () ->
                Conversation.of(
                    List.of(ProcessorPart.image(new byte[] {1}, "image/png").withRole("system")),
                    "test"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageContaining("system part must be text");
  }
}
