package dev.processors.openai;

import static dev.processors.openai.OpenAiWire.calls;
import static dev.processors.openai.OpenAiWire.completed;
import static dev.processors.openai.OpenAiWire.completion;
import static dev.processors.openai.OpenAiWire.created;
import static dev.processors.openai.OpenAiWire.event;
import static dev.processors.openai.OpenAiWire.functionCallItem;
import static dev.processors.openai.OpenAiWire.partialArguments;
import static dev.processors.openai.OpenAiWire.rawEvent;
import static dev.processors.openai.OpenAiWire.response;
import static dev.processors.openai.OpenAiWire.stream;
import static dev.processors.openai.OpenAiWire.thoughts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.model.MalformedStreamException;
import dev.processors.model.ModelParts;
import dev.processors.model.ServerErrorException;
import dev.processors.model.TruncatedStreamException;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Outcome;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Responses API streams of shapes the protocol allows but the scripted fake turns do not produce,
 * on both readers (the SDK's event classes and the lean reader), through the fake server: each
 * becomes the parts a user expects.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ResponsesStreamShapesTest {
  private final FakeOpenAiServer fake = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private Outcome run(boolean sdkParsing, FakeTurn turn) {
    fake.enqueue(turn);
    try (OpenAiModel model =
        OpenAiModel.builder()
            .model("gpt-4.1-mini")
            .api(OpenAiModel.Api.RESPONSES)
            .apiKey("sk-test")
            .baseUrl(fake.baseUrl())
            .sdkParsing(sdkParsing)
            .retryPolicy(WireReplay.once())
            .build()) {
      return WireReplay.run(model);
    }
  }

  private static String textDelta(String delta) {
    return event(
        "response.output_text.delta",
        "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":"
            + OpenAiWire.quote(delta)
            + ",\"logprobs\":[]");
  }

  private static String callAdded(String itemId, String callId, String name) {
    return event(
        "response.output_item.added",
        "\"output_index\":1,\"item\":{\"id\":\""
            + itemId
            + "\",\"type\":\"function_call\",\"status\":\"in_progress\",\"arguments\":\"\","
            + "\"call_id\":\""
            + callId
            + "\",\"name\":\""
            + name
            + "\"}");
  }

  private static String argumentsDelta(String itemId, String delta) {
    return event(
        "response.function_call_arguments.delta",
        "\"item_id\":\"" + itemId + "\",\"output_index\":1,\"delta\":" + OpenAiWire.quote(delta));
  }

  private static String argumentsDone(String itemId, String name, String args) {
    return event(
        "response.function_call_arguments.done",
        "\"item_id\":\""
            + itemId
            + "\",\"output_index\":1,\"name\":\""
            + name
            + "\",\"arguments\":"
            + OpenAiWire.quote(args));
  }

  private static String itemDone(String itemId, String callId, String name, String args) {
    return event(
        "response.output_item.done",
        "\"output_index\":1,\"item\":" + functionCallItem(itemId, callId, name, args));
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void eventsWhoseTypeIsNotTheirFirstFieldAreReadAllTheSame(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                created(),
                rawEvent(
                    "response.reasoning_text.delta",
                    "{\"sequence_number\":1,\"item_id\":\"rs_1\",\"output_index\":0,"
                        + "\"content_index\":0,\"delta\":\"Paris, so\","
                        + "\"type\":\"response.reasoning_text.delta\"}"),
                rawEvent(
                    "response.output_text.delta",
                    "{\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,"
                        + "\"delta\":\"Checking\",\"logprobs\":[],\"sequence_number\":2,"
                        + "\"type\":\"response.output_text.delta\"}"),
                callAdded("fc_1", "call_1", "get_weather"),
                rawEvent(
                    "response.function_call_arguments.delta",
                    "{\"item_id\":\"fc_1\",\"output_index\":1,\"delta\":\"{\\\"city\\\":\","
                        + "\"sequence_number\":4,\"type\":\"response.function_call_arguments.delta\"}"),
                argumentsDelta("fc_1", "\"Paris\"}"),
                argumentsDone("fc_1", "get_weather", "{\"city\":\"Paris\"}"),
                itemDone("fc_1", "call_1", "get_weather", "{\"city\":\"Paris\"}"),
                completed()));
    assertThat(out.failure()).isNull();
    assertThat(thoughts(out.parts())).containsExactly("Paris, so");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Checking");
    assertThat(partialArguments(out.parts())).contains("{\"city\":\"Paris\"}");
    assertThat(calls(out.parts()))
        .containsExactly(new Content.FunctionCall("call_1", "get_weather", "{\"city\":\"Paris\"}"));
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aRefusalIsTextAndReasoningTextIsThought(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                created(),
                event(
                    "response.reasoning_text.delta",
                    "\"item_id\":\"rs_1\",\"output_index\":0,\"content_index\":0,"
                        + "\"delta\":\"not allowed\""),
                event(
                    "response.refusal.delta",
                    "\"item_id\":\"msg_1\",\"output_index\":1,\"content_index\":0,"
                        + "\"delta\":\"I can't help with that.\""),
                completed()));
    assertThat(out.failure()).isNull();
    assertThat(thoughts(out.parts())).containsExactly("not allowed");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("I can't help with that.");
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aCallIsDeliveredWhenItsArgumentsAreDoneEvenWithoutItsDoneItem(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                created(),
                callAdded("fc_1", "call_1", "get_weather"),
                argumentsDelta("fc_1", "{\"city\":\"Oslo\"}"),
                argumentsDone("fc_1", "get_weather", "{\"city\":\"Oslo\"}"),
                completed()));
    assertThat(out.failure()).isNull();
    assertThat(calls(out.parts()))
        .containsExactly(new Content.FunctionCall("call_1", "get_weather", "{\"city\":\"Oslo\"}"));
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aCallKnownOnlyFromItsDoneItemIsDeliveredAndLaterCallsStillStream(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                created(),
                itemDone("fc_1", "call_1", "get_time", "{\"zone\":\"CET\"}"),
                callAdded("fc_2", "call_2", "get_weather"),
                argumentsDelta("fc_2", "{\"city\":"),
                argumentsDelta("fc_2", "\"Rome\"}"),
                argumentsDone("fc_2", "get_weather", "{\"city\":\"Rome\"}"),
                itemDone("fc_2", "call_2", "get_weather", "{\"city\":\"Rome\"}"),
                completed()));
    assertThat(out.failure()).isNull();
    assertThat(calls(out.parts()))
        .containsExactly(
            new Content.FunctionCall("call_1", "get_time", "{\"zone\":\"CET\"}"),
            new Content.FunctionCall("call_2", "get_weather", "{\"city\":\"Rome\"}"));
    // the second call is announced, and its arguments stream before it completes
    assertThat(out.parts())
        .filteredOn(
            p -> ModelParts.FUNCTION_CALL_STARTED.equals(p.metadata().get(ModelParts.EVENT)))
        .extracting(p -> p.metadata().get(ModelParts.CALL_ID))
        .containsExactly("call_2");
    assertThat(partialArguments(out.parts())).contains("{\"city\":\"Rome\"}");
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void theCompletionCarriesTheIdModelAndUsageOfTheCompletedResponse(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                textDelta("Hi"),
                event(
                    "response.completed",
                    "\"response\":"
                        + response(
                            "resp_42",
                            "gpt-4.1-mini-2025-04-14",
                            "completed",
                            "{\"input_tokens\":9,\"input_tokens_details\":{\"cached_tokens\":4},"
                                + "\"output_tokens\":2,\"output_tokens_details\":"
                                + "{\"reasoning_tokens\":1},\"total_tokens\":11}"))));
    assertThat(out.failure()).isNull();
    Map<String, Object> meta = completion(out.parts()).metadata();
    assertThat(meta).containsEntry(ModelParts.RESPONSE_ID, "resp_42");
    assertThat(String.valueOf(meta.get(ModelParts.MODEL_VERSION)))
        .contains("gpt-4.1-mini-2025-04-14");
    assertThat(meta)
        .containsEntry(
            ModelParts.USAGE,
            Map.of(
                "input_tokens", 9L,
                "output_tokens", 2L,
                "total_tokens", 11L,
                "thought_tokens", 1L,
                "cached_tokens", 4L));
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aFailedResponseIsATypedErrorCarryingTheProvidersCodeAndMessage(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                created(),
                textDelta("Par"),
                event(
                    "response.failed",
                    "\"response\":"
                        + response("resp_1", "gpt-4.1-mini", "failed", "null")
                            .replace(
                                "\"error\":null",
                                "\"error\":{\"code\":\"server_error\","
                                    + "\"message\":\"The model crashed\"}"))));
    assertThat(out.failure())
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("server_error: The model crashed");
    assertThat(((ServerErrorException) out.failure()).retryable()).isTrue();
  }

  @ParameterizedTest(name = "sdkParsing={0}")
  @ValueSource(booleans = {true, false})
  void aCallWhoseArgumentsAreNotAJsonObjectIsAMalformedStream(boolean sdkParsing) {
    Outcome out =
        run(
            sdkParsing,
            stream(
                created(),
                itemDone("fc_1", "call_1", "get_weather", "{\"city\": Paris"),
                completed()));
    assertThat(out.failure())
        .isInstanceOf(MalformedStreamException.class)
        .hasMessageContaining("get_weather");
    assertThat(calls(out.parts())).isEmpty();
  }

  @Test
  void aStreamCutBeforeTheEndSaysWhichEndEventItMissed() {
    Outcome out = run(false, stream(created(), textDelta("Hel")));
    assertThat(out.failure())
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("without response.completed");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Hel");
  }
}
