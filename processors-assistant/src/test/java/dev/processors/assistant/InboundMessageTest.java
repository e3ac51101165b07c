package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading a RabbitMQ body: a message, or the problem with whatever ids could be read. */
class InboundMessageTest {
  private static InboundMessage.Parsed parse(String body) {
    return InboundMessage.parse(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aCompleteBodyIsAMessageAndOtherFieldsAreIgnored() {
    assertThat(parse("{\"channel\":\"c\",\"message_id\":\"m\",\"message\":\"hi\",\"x\":1}"))
        .isEqualTo(new InboundMessage.Valid(new InboundMessage("c", "m", "hi")));
  }

  @Test
  void aMessageWrittenAsJsonReadsBackTheSame() {
    InboundMessage m = new InboundMessage("user \"1\"", "id-ü", "line\nbreak");

    assertThat(InboundMessage.parse(m.toJson())).isEqualTo(new InboundMessage.Valid(m));
  }

  @Test
  void aBodyThatIsNotJsonOrNotAnObjectSaysSo() {
    InboundMessage.Invalid notJson = (InboundMessage.Invalid) parse("{not json");
    InboundMessage.Invalid array = (InboundMessage.Invalid) parse("[1, 2]");
    InboundMessage.Invalid empty = (InboundMessage.Invalid) parse("");

    assertThat(notJson.problem()).startsWith("the body is not valid JSON: ");
    assertThat(notJson.channel()).isEmpty();
    assertThat(array.problem())
        .isEqualTo("the body must be a JSON object {channel, message_id, message}");
    assertThat(empty.problem())
        .isEqualTo("the body must be a JSON object {channel, message_id, message}");
  }

  @Test
  void everyMissingOrBlankFieldIsNamedAndTheReadableIdsAreKept() {
    assertThat(parse("{\"channel\":\"c\",\"message_id\":\"m\",\"message\":\" \"}"))
        .isEqualTo(
            new InboundMessage.Invalid(
                "the message lacks message (a non-empty string)",
                Optional.of("c"),
                Optional.of("m")));
    assertThat(parse("{\"channel\":\"c\",\"message_id\":7,\"message\":\"hi\"}"))
        .isEqualTo(
            new InboundMessage.Invalid(
                "the message lacks message_id (a non-empty string)",
                Optional.of("c"),
                Optional.empty()));
    assertThat(parse("{\"channel\":\"\"}"))
        .isEqualTo(
            new InboundMessage.Invalid(
                "the message lacks channel (a non-empty string), message_id (a non-empty"
                    + " string), message (a non-empty string)",
                Optional.empty(),
                Optional.empty()));
    assertThat(parse("{\"message_id\":\"m\",\"message\":42}"))
        .isEqualTo(
            new InboundMessage.Invalid(
                "the message lacks channel (a non-empty string), message (a non-empty string)",
                Optional.empty(),
                Optional.of("m")));
  }
}
