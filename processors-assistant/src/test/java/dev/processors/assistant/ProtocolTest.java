package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's protocol end to end: RabbitMQ in, a real WebSocket client out, the model through the
 * real OpenAI SDK against the fake server (Responses with Conversations).
 */
@ExtendWith(RealServers.class)
class ProtocolTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> STATUS_FIELDS =
      Set.of("message", "timestamp", "status", "type", "final_message", "message_id", "thread_id");
  private static final Set<String> ERROR_FIELDS =
      Set.of("message", "timestamp", "status", "type", "error_details", "message_id", "thread_id");

  private FakeOpenAiServer model;
  private ServiceFixture fixture;

  @BeforeEach
  void start() {
    model = FakeOpenAiServer.start();
    fixture = new ServiceFixture(TestSettings.openAi(model.baseUrl(), Map.of()));
  }

  @AfterEach
  void stop() {
    fixture.close();
    model.close();
  }

  @Test
  void aMessageIsAnsweredWithTheSeedsFramesFromStartedToCompleted() throws Exception {
    model.enqueue(FakeTurn.text("Paris ", "is the ", "capital."));
    try (FrameClient client = fixture.client("550e8400-e29b-41d4-a716-446655440000")) {
      double before = System.currentTimeMillis() / 1000.0;
      fixture.publish(
          "550e8400-e29b-41d4-a716-446655440000",
          "msg-123456789",
          "What is the capital of France?");

      List<JsonNode> frames = raw(client, 7);

      assertThat(frames)
          .extracting(f -> f.get("status").asText())
          .containsExactly(
              "started", "responding", "in_progress", "in_progress", "in_progress", "completed");
      assertThat(frames)
          .extracting(f -> f.get("type").asText())
          .containsExactly("status", "status", "response", "response", "response", "response");
      for (JsonNode f : frames) {
        assertThat(fields(f)).isEqualTo(STATUS_FIELDS);
        assertThat(f.get("message_id").asText()).isEqualTo("msg-123456789");
        assertThat(f.get("thread_id").asText()).isEqualTo("conv_fake1");
        assertThat(f.get("timestamp").asDouble()).isBetween(before - 1, before + 60);
        assertThat(f.get("final_message").asBoolean())
            .isEqualTo(f.get("status").asText().equals("completed"));
      }
      assertThat(frames.get(0).get("message").asText())
          .isEqualTo("Assistant is processing your request...");
      assertThat(frames.subList(2, 5))
          .extracting(f -> f.get("message").asText())
          .containsExactly("Paris ", "is the ", "capital.");
      assertThat(frames.get(5).get("message").asText()).isEqualTo("Paris is the capital.");
    }
    RecordedRequest request = model.lastRequest().orElseThrow();
    assertThat(request.path()).isEqualTo("/v1/responses");
    assertThat(request.json().path("conversation").asText()).isEqualTo("conv_fake1");
    assertThat(request.json().path("store").asBoolean()).isTrue();
  }

  @Test
  void theNextMessageOfAChannelContinuesItsConversationAndSendsOnlyWhatIsNew() throws Exception {
    model.enqueue(FakeTurn.text("Hi."), FakeTurn.text("Again."));
    try (FrameClient client = fixture.client("convex_id_12345")) {
      fixture.publish("convex_id_12345", "m1", "Hello");
      List<Frame> first = Frames.untilFinal(client, "m1");
      fixture.publish("convex_id_12345", "m2", "Hello again");
      List<Frame> second = Frames.untilFinal(client, "m2");

      assertThat(second.get(0).threadId()).isEqualTo(first.get(0).threadId());
    }
    List<RecordedRequest> responses =
        model.requests().stream().filter(r -> r.path().equals("/v1/responses")).toList();
    JsonNode input = responses.get(1).json().path("input");
    assertThat(input.size()).isEqualTo(1);
    assertThat(input.toString()).contains("Hello again").doesNotContain("\"Hello\"");
    assertThat(model.requests()).filteredOn(r -> r.path().equals("/v1/conversations")).hasSize(1);
    try (Redis redis = fixture.redis()) {
      Map<String, String> meta = redis.sync().hgetall(redis.keys().meta("convex_id_12345"));
      assertThat(meta).containsEntry("message_count", "2").containsEntry("thread_id", "conv_fake1");
      assertThat(Long.parseLong(meta.get("last_activity")))
          .isGreaterThanOrEqualTo(Long.parseLong(meta.get("created_at")));
    }
  }

  @Test
  void aToolRunShowsAsProcessingAndItsResultGoesBackToTheModel() throws Exception {
    model.enqueue(
        FakeTurn.builder().functionCall("get_weather", "{\"city\":\"Lisbon\"}").build(),
        FakeTurn.text("Mild in Lisbon."));
    try (FrameClient client = fixture.client("user_session_abc123")) {
      fixture.publish("user_session_abc123", "w1", "Weather in Lisbon?");

      List<Frame> frames = Frames.untilFinal(client, "w1");

      assertThat(Frames.statuses(frames))
          .containsExactly("started", "processing", "responding", "in_progress", "completed");
      assertThat(frames.get(1).message()).contains("get_weather");
      assertThat(frames.get(4).message()).isEqualTo("Mild in Lisbon.");
    }
    RecordedRequest second = model.lastRequest().orElseThrow();
    JsonNode input = second.json().path("input");
    assertThat(input.size()).isEqualTo(1); // the conversation already holds the call
    assertThat(input.get(0).path("type").asText()).isEqualTo("function_call_output");
    assertThat(input.get(0).path("output").asText())
        .contains("\"city\":\"Lisbon\"")
        .contains("\"simulated\":true");
    assertThat(second.json().path("conversation").asText()).isEqualTo("conv_fake1");
  }

  @Test
  void aModelFailureEndsTheMessageWithAnErrorFrameAndTheServiceGoesOn() throws Exception {
    model.enqueue(FakeTurn.httpError(400, "model 'gpt-test' does not exist"), FakeTurn.text("OK."));
    try (FrameClient client = fixture.client("c1")) {
      fixture.publish("c1", "bad", "Hello");
      List<JsonNode> failed = raw(client, 2);
      fixture.publish("c1", "good", "Hello");
      List<Frame> good = Frames.untilFinal(client, "good");

      JsonNode error = failed.get(failed.size() - 1);
      assertThat(fields(error)).isEqualTo(ERROR_FIELDS);
      assertThat(error.get("status").asText()).isEqualTo("error");
      assertThat(error.get("type").asText()).isEqualTo("error");
      assertThat(error.get("message_id").asText()).isEqualTo("bad");
      assertThat(error.get("error_details").asText())
          .contains("BadRequestException")
          .contains("does not exist");
      assertThat(good.get(good.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
    }
    assertThat(model.requests()).filteredOn(r -> r.path().equals("/v1/responses")).hasSize(2);
  }

  @Test
  void subscribersGetOnlyTheirChannelsAndABadRequestGetsAnErrorFrame() throws Exception {
    model.defaultTurn(FakeTurn.text("answer"));
    try (FrameClient a = fixture.client("channel-a");
        FrameClient b = fixture.client("channel-b")) {
      fixture.publish("channel-b", "for-b", "hi");
      fixture.publish("channel-a", "for-a", "hi");

      List<Frame> framesA = Frames.untilFinal(a, "for-a");
      List<Frame> framesB = Frames.untilFinal(b, "for-b");
      b.send("{\"action\":\"listen\"}");
      Frame rejected = b.nextFrame(Duration.ofSeconds(30)).orElseThrow();

      assertThat(framesA).allMatch(f -> f.messageId().orElseThrow().equals("for-a"));
      assertThat(a.nextFrame(Duration.ofMillis(200))).isEmpty();
      assertThat(framesB).isNotEmpty();
      assertThat(rejected.status()).isEqualTo(Frame.Status.ERROR);
      assertThat(rejected.errorDetails()).get().asString().contains("subscribe");
    }
  }

  /** The next {@code count} (or up to the final) frames of the channel, as raw JSON. */
  private static List<JsonNode> raw(FrameClient client, int max) throws Exception {
    List<JsonNode> frames = new ArrayList<>();
    while (frames.size() < max) {
      String text =
          client.next(Duration.ofSeconds(30)).orElseThrow(() -> new AssertionError("no frame"));
      JsonNode node = JSON.readTree(text);
      if (node.path("type").asText().equals("subscribed")) {
        continue;
      }
      frames.add(node);
      String status = node.path("status").asText();
      if (status.equals("completed") || status.equals("error")) {
        break;
      }
    }
    return frames;
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new java.util.TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
