package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FakeOpenAiServerTest {
  private final FakeOpenAiServer fake = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  @Test
  void responsesStreamFollowsTheApisEventSequence() throws Exception {
    fake.enqueue(
        FakeTurn.builder()
            .text("Let me")
            .text(" check")
            .functionCall("call_1", "get_weather", "{\"city\":\"Paris\"}", 2)
            .usage(12, 20)
            .build());
    HttpResponse<InputStream> response =
        Sse.post(fake.baseUrl() + "/responses", "{\"model\":\"gpt-x\",\"stream\":true}");
    List<JsonNode> events = Sse.events(response);
    assertThat(events)
        .extracting(e -> e.get("type").asText())
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.output_item.added",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.delta",
            "response.function_call_arguments.done",
            "response.output_item.done",
            "response.completed");
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).get("sequence_number").asInt()).isEqualTo(i);
    }
    assertThat(events.get(6).get("text").asText()).isEqualTo("Let me check");
    assertThat(events.get(9).at("/item/name").asText()).isEqualTo("get_weather");
    assertThat(events.get(12).get("arguments").asText()).isEqualTo("{\"city\":\"Paris\"}");
    JsonNode completed = events.get(14).get("response");
    assertThat(completed.at("/usage/total_tokens").asInt()).isEqualTo(32);
    assertThat(completed.get("output")).hasSize(2);
  }

  @Test
  void chatStreamCarriesToolCallDeltasUsageAndDone() throws Exception {
    fake.enqueue(FakeTurn.builder().text("Hi").functionCall("call_1", "f", "{\"a\":1}", 2).build());
    HttpResponse<InputStream> response =
        Sse.post(
            fake.baseUrl() + "/chat/completions",
            "{\"model\":\"gpt-x\",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
    List<JsonNode> events = Sse.events(response);
    assertThat(events.get(0).at("/choices/0/delta/role").asText()).isEqualTo("assistant");
    assertThat(events.get(1).at("/choices/0/delta/content").asText()).isEqualTo("Hi");
    assertThat(events.get(2).at("/choices/0/delta/tool_calls/0/function/name").asText())
        .isEqualTo("f");
    assertThat(events.get(3).at("/choices/0/delta/tool_calls/0/function/arguments").asText())
        .isEqualTo("{\"a\"");
    assertThat(events.get(5).at("/choices/0/finish_reason").asText()).isEqualTo("tool_calls");
    assertThat(events.get(6).at("/usage/total_tokens").asInt()).isPositive();
    assertThat(events.get(7).asText()).isEqualTo("[DONE]");
  }

  @Test
  void errorEventsUseEachApisFormat() throws Exception {
    fake.enqueue(
        FakeTurn.builder().errorEvent(429, "slow").build(),
        FakeTurn.builder().errorEvent(500, "oops").build());
    List<JsonNode> responses =
        Sse.events(Sse.post(fake.baseUrl() + "/responses", "{\"stream\":true}"));
    JsonNode error = responses.get(responses.size() - 1);
    assertThat(error.get("type").asText()).isEqualTo("error");
    assertThat(error.get("code").asText()).isEqualTo("rate_limit_exceeded");
    List<JsonNode> chat =
        Sse.events(Sse.post(fake.baseUrl() + "/chat/completions", "{\"stream\":true}"));
    assertThat(chat.get(chat.size() - 1).at("/error/type").asText()).isEqualTo("server_error");
  }

  @Test
  void nonStreamingRequestsAreRejected() throws Exception {
    fake.enqueue(FakeTurn.text("x"));
    HttpResponse<InputStream> response =
        Sse.post(fake.baseUrl() + "/responses", "{\"model\":\"gpt-x\"}");
    assertThat(response.statusCode()).isEqualTo(400);
    JsonNode error = Sse.MAPPER.readTree(response.body().readAllBytes()).get("error");
    assertThat(error.get("message").asText()).contains("streaming");
    assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
  }
}
