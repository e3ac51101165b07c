package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.RecordedRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With Gemini (any model whose provider keeps no conversation), the service keeps each
 * conversation's history in Redis and sends it with every turn; identical requests are answered
 * from the shared Redis response cache.
 */
@ExtendWith(RealServers.class)
class HistoryInRedisTest {
  @Test
  void geminiGetsTheWholeConversationFromRedisWithEachTurn() throws Exception {
    try (FakeGeminiServer gemini = FakeGeminiServer.start();
        ServiceFixture fixture =
            new ServiceFixture(
                TestSettings.environment(
                    Map.of(
                        "GEMINI_API_KEY", "test-key",
                        "GEMINI_BASE_URL", gemini.baseUrl(),
                        "GEMINI_MODEL", "gemini-test")));
        FrameClient client = fixture.client("g1")) {
      gemini.enqueue(
          FakeTurn.text("Paris, ", "I think."),
          FakeTurn.builder().functionCall("get_weather", "{\"city\":\"Paris\"}").build(),
          FakeTurn.text("Sunny."));

      fixture.publish("g1", "m1", "Capital of France?");
      List<Frame> first = Frames.untilFinal(client, "m1");
      fixture.publish("g1", "m2", "Weather there?");
      List<Frame> second = Frames.untilFinal(client, "m2");

      assertThat(first.get(0).threadId().orElseThrow()).startsWith("conv_");
      assertThat(second.get(0).threadId()).isEqualTo(first.get(0).threadId());
      assertThat(Frames.statuses(second)).contains("processing");
      List<RecordedRequest> requests = gemini.requests();
      assertThat(requests).hasSize(3);
      JsonNode turnTwo = requests.get(1).json().path("contents");
      assertThat(turnTwo.toString())
          .contains("Capital of France?")
          .contains("Paris, I think.")
          .contains("Weather there?");
      JsonNode afterTool = requests.get(2).json().path("contents");
      assertThat(afterTool.toString()).contains("functionResponse").contains("\"simulated\":true");
    }
  }

  @Test
  void identicalRequestsAreServedFromTheSharedRedisCache() throws Exception {
    try (FakeGeminiServer gemini = FakeGeminiServer.start();
        ServiceFixture fixture =
            new ServiceFixture(
                TestSettings.environment(
                    Map.of(
                        "GEMINI_API_KEY", "test-key",
                        "GEMINI_BASE_URL", gemini.baseUrl(),
                        "RESPONSE_CACHE_TTL", "600")));
        FrameClient client = fixture.client("first-visitor", "second-visitor")) {
      gemini.enqueue(FakeTurn.text("Welcome!"));

      fixture.publish("first-visitor", "a", "Hello");
      List<Frame> fresh = Frames.untilFinal(client, "a");
      fixture.publish("second-visitor", "b", "Hello");
      List<Frame> cached = Frames.untilFinal(client, "b");

      assertThat(gemini.requests()).hasSize(1);
      assertThat(cached.get(cached.size() - 1).message()).isEqualTo("Welcome!");
      assertThat(fresh.get(fresh.size() - 1).message()).isEqualTo("Welcome!");
      try (Redis redis = fixture.redis()) {
        assertThat(redis.sync().keys(redis.keys().pattern("cache:"))).hasSize(1);
      }
    }
  }
}
