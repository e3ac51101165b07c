package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The seed's frames on the wire: exactly its fields, per status, and read back unchanged. */
class FrameTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static List<String> fields(String json) throws Exception {
    List<String> names = new ArrayList<>();
    MAPPER.readTree(json).fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void statusAndResponseFramesCarryExactlyTheSeedsFields() throws Exception {
    Frame f =
        new Frame(
            "Hi",
            1_683_042_123_456L,
            Frame.Status.IN_PROGRESS,
            Optional.of("m"),
            Optional.of("conv_1"),
            Optional.empty());

    JsonNode json = MAPPER.readTree(f.toJson());

    assertThat(fields(f.toJson()))
        .containsExactly(
            "message", "timestamp", "status", "type", "final_message", "message_id", "thread_id");
    assertThat(json.get("timestamp").asDouble()).isEqualTo(1_683_042_123.456);
    assertThat(json.get("status").asText()).isEqualTo("in_progress");
    assertThat(json.get("type").asText()).isEqualTo("response");
    assertThat(json.get("final_message").asBoolean()).isFalse();
    assertThat(Frame.fromJson(f.toJson())).isEqualTo(f);
  }

  @Test
  void onlyCompletedAndErrorEndAMessage() throws Exception {
    assertThat(
            MAPPER
                .readTree(Frame.of(Frame.Status.COMPLETED, "all", "m", "t").toJson())
                .get("final_message")
                .asBoolean())
        .isTrue();
    for (Frame.Status s : Frame.Status.values()) {
      assertThat(s.isFinal())
          .as(s.wire())
          .isEqualTo(s == Frame.Status.COMPLETED || s == Frame.Status.ERROR);
      assertThat(Frame.Status.fromWire(s.wire())).isEqualTo(s);
    }
    assertThat(Frame.of(Frame.Status.STARTED, "s", null, null).isFinal()).isFalse();
    assertThat(Frame.error("e", "d", null, null).isFinal()).isTrue();
  }

  @Test
  void errorFramesCarryDetailsInsteadOfFinalMessageAndUnknownIdsAreNull() throws Exception {
    Frame e = Frame.error("Invalid request", "the request is not valid JSON", null, null);

    JsonNode json = MAPPER.readTree(e.toJson());

    assertThat(fields(e.toJson()))
        .containsExactly(
            "message", "timestamp", "status", "type", "error_details", "message_id", "thread_id");
    assertThat(json.get("type").asText()).isEqualTo("error");
    assertThat(json.get("error_details").asText()).isEqualTo("the request is not valid JSON");
    assertThat(json.get("message_id").isNull()).isTrue();
    assertThat(json.get("thread_id").isNull()).isTrue();
    assertThat(Frame.fromJson(e.toJson()).errorDetails()).contains("the request is not valid JSON");
    assertThat(Frame.fromJson(e.toJson()).messageId()).isEmpty();
  }

  @Test
  void readingSomethingThatIsNotAFrameNamesTheProblem() {
    assertThatThrownBy(() -> Frame.fromJson("{oops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("frame is not JSON");
    assertThatThrownBy(() -> Frame.fromJson("{\"type\":\"subscribed\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a frame (no status): {\"type\":\"subscribed\"}");
    assertThatThrownBy(() -> Frame.fromJson("{\"status\":\"done\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown frame status 'done'");
  }
}
