package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeGeminiServerTest {
  private final FakeGeminiServer fake = FakeGeminiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private String streamUrl() {
    return fake.baseUrl() + "/v1beta/models/gemini-x:streamGenerateContent?alt=sse";
  }

  @Test
  void listensOnLoopbackAndStreamsEachDeltaAsOneGenerateContentResponse() throws Exception {
    assertThat(fake.baseUrl()).startsWith("http://127.0.0.1:");
    fake.enqueue(
        FakeTurn.builder()
            .text("Hel")
            .text("lo")
            .functionCall("c1", "get_weather", "{\"city\":\"Paris\"}", 2)
            .usage(5, 3)
            .build());
    HttpResponse<InputStream> response = Sse.post(streamUrl(), "{\"contents\":[]}");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("content-type")).contains("text/event-stream");
    List<JsonNode> events = Sse.events(response);
    assertThat(events).hasSize(3);
    assertThat(events.get(0).at("/candidates/0/content/parts/0/text").asText()).isEqualTo("Hel");
    assertThat(events.get(0).at("/candidates/0/content/role").asText()).isEqualTo("model");
    assertThat(events.get(0).at("/candidates/0/finishReason").isMissingNode()).isTrue();
    JsonNode call = events.get(2).at("/candidates/0/content/parts/0/functionCall");
    assertThat(call.get("name").asText()).isEqualTo("get_weather");
    assertThat(call.at("/args/city").asText()).isEqualTo("Paris");
    assertThat(events.get(2).at("/candidates/0/finishReason").asText()).isEqualTo("STOP");
    assertThat(events.get(2).at("/usageMetadata/promptTokenCount").asInt()).isEqualTo(5);
    assertThat(events.get(2).at("/usageMetadata/candidatesTokenCount").asInt()).isEqualTo(3);
  }

  @Test
  void recordsEveryRequestItGot() throws Exception {
    fake.enqueue(FakeTurn.text("x"));
    Sse.events(Sse.post(streamUrl(), "{\"contents\":[{\"role\":\"user\"}]}"));
    RecordedRequest r = fake.lastRequest().orElseThrow();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.path()).isEqualTo("/v1beta/models/gemini-x:streamGenerateContent");
    assertThat(r.query()).isEqualTo("alt=sse");
    assertThat(r.header("X-Goog-Api-Key")).contains("test-key");
    assertThat(r.json().at("/contents/0/role").asText()).isEqualTo("user");
    assertThat(fake.requests()).hasSize(1);
    assertThat(fake.completedResponses()).isEqualTo(1);
  }

  @Test
  void httpErrorTurnAnswersInTheApiErrorFormatWithRetryAfter() throws Exception {
    fake.enqueue(FakeTurn.httpError(429, "quota", Duration.ofMillis(1500)));
    HttpResponse<InputStream> response = Sse.post(streamUrl(), "{}");
    assertThat(response.statusCode()).isEqualTo(429);
    assertThat(response.headers().firstValue("retry-after")).contains("2");
    JsonNode error = Sse.MAPPER.readTree(response.body().readAllBytes()).get("error");
    assertThat(error.get("code").asInt()).isEqualTo(429);
    assertThat(error.get("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
    assertThat(error.get("message").asText()).isEqualTo("quota");
  }

  @Test
  void unscriptedRequestsAndUnknownEndpointsGetClearErrors() throws Exception {
    HttpResponse<InputStream> none = Sse.post(streamUrl(), "{}");
    assertThat(none.statusCode()).isEqualTo(400);
    assertThat(new String(none.body().readAllBytes())).contains("no turn scripted");
    HttpResponse<InputStream> other =
        Sse.post(fake.baseUrl() + "/v1beta/models/x:generateContent", "{}");
    assertThat(other.statusCode()).isEqualTo(404);
    other.body().close();
  }

  @Test
  void inStreamErrorAndMalformedEventsAreSentAsScripted() throws Exception {
    fake.enqueue(
        FakeTurn.builder().text("a").malformedEvent().errorEvent(503, "overloaded").build());
    try (BufferedReader r = Sse.reader(Sse.post(streamUrl(), "{}"))) {
      assertThat(Sse.nextData(r)).contains("\"text\":\"a\"");
      String malformed = Sse.nextData(r);
      assertThatThrownBy(() -> Sse.MAPPER.readTree(malformed)).isInstanceOf(IOException.class);
      JsonNode error = Sse.MAPPER.readTree(Sse.nextData(r)).get("error");
      assertThat(error.get("code").asInt()).isEqualTo(503);
      assertThat(error.get("status").asText()).isEqualTo("UNAVAILABLE");
      assertThat(Sse.nextData(r)).isNull();
    }
  }

  @Test
  void droppedConnectionBreaksTheStreamAfterTheEventsBeforeIt() throws Exception {
    fake.enqueue(FakeTurn.builder().text("a").dropConnection().text("never").build());
    try (BufferedReader r = Sse.reader(Sse.post(streamUrl(), "{}"))) {
      assertThat(Sse.nextData(r)).contains("\"text\":\"a\"");
      assertThatThrownBy(() -> Sse.nextData(r)).isInstanceOf(IOException.class);
    }
  }

  @Test
  void gateHoldsTheRestAndAClientHangingUpIsObserved() throws Exception {
    Gate gate = Gate.create();
    fake.enqueue(FakeTurn.builder().text("a").awaitRelease(gate).text("b").build());
    HttpResponse<InputStream> response = Sse.post(streamUrl(), "{}");
    BufferedReader r = Sse.reader(response);
    assertThat(Sse.nextData(r)).contains("\"text\":\"a\"");
    assertThat(gate.awaitWaiting(Duration.ofSeconds(5))).isTrue();
    assertThat(fake.disconnects()).isZero();
    response.body().close();
    assertThat(fake.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
    assertThat(gate.passed()).isZero();
  }

  @Test
  void delaysPauseBetweenEvents() throws Exception {
    fake.enqueue(FakeTurn.builder().text("a").delay(Duration.ofMillis(150)).text("b").build());
    try (BufferedReader r = Sse.reader(Sse.post(streamUrl(), "{}"))) {
      Sse.nextData(r);
      long start = System.nanoTime();
      Sse.nextData(r);
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
    }
  }
}
