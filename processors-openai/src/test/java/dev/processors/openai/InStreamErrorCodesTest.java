package dev.processors.openai;

import static dev.processors.openai.OpenAiWire.choice;
import static dev.processors.openai.OpenAiWire.chunk;
import static dev.processors.openai.OpenAiWire.created;
import static dev.processors.openai.OpenAiWire.event;
import static dev.processors.openai.OpenAiWire.stream;
import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorPart;
import dev.processors.model.AuthenticationException;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelException;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.StreamErrorException;
import dev.processors.model.spi.WireReplay;
import dev.processors.model.spi.WireReplay.Outcome;
import dev.processors.openai.OpenAiReplay.Path;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An error the provider reports inside the stream becomes the typed exception its code means,
 * retryable exactly when trying again may help, with a message naming the code and the provider's
 * words; on both APIs and both readers, through the fake server.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class InStreamErrorCodesTest {
  private final FakeOpenAiServer fake = FakeOpenAiServer.start();

  @AfterEach
  void stop() {
    fake.close();
  }

  private OpenAiModel model(Path path, int attempts) {
    boolean chat = path == Path.CHAT_SDK || path == Path.CHAT_LEAN;
    return OpenAiModel.builder()
        .model("gpt-4.1-mini")
        .api(chat ? OpenAiModel.Api.CHAT_COMPLETIONS : OpenAiModel.Api.RESPONSES)
        .apiKey("sk-test")
        .baseUrl(fake.baseUrl())
        .sdkParsing(path == Path.CHAT_SDK || path == Path.RESPONSES_SDK)
        .retryPolicy(WireReplay.attempts(attempts))
        .build();
  }

  /** An error event of {@code path}'s API, after a little text; a null code or type is absent. */
  private static FakeTurn errorAfterText(Path path, String code, String type, String message) {
    boolean chat = path == Path.CHAT_SDK || path == Path.CHAT_LEAN;
    String codeField = code == null ? "" : "\"code\":\"" + code + "\",";
    if (chat) {
      String typeField = type == null ? "" : "\"type\":\"" + type + "\",";
      return stream(
          chunk(choice(0, "{\"content\":\"Par\"}", null)),
          "data: {\"error\":{"
              + codeField
              + typeField
              + "\"param\":null,\"message\":\""
              + message
              + "\"}}\n\n");
    }
    return stream(
        created(),
        event(
            "response.output_text.delta",
            "\"item_id\":\"msg_1\",\"output_index\":0,\"content_index\":0,\"delta\":\"Par\","
                + "\"logprobs\":[]"),
        event("error", codeField + "\"param\":null,\"message\":\"" + message + "\""));
  }

  private Outcome fail(Path path, String code, String type) {
    fake.enqueue(errorAfterText(path, code, type, "Something went wrong"));
    try (OpenAiModel model = model(path, 1)) {
      return WireReplay.run(model);
    }
  }

  static Stream<Arguments> codes() {
    Stream.Builder<Arguments> b = Stream.builder();
    Object[][] table = {
      {"rate_limit_exceeded", RateLimitException.class, true},
      {"insufficient_quota", RateLimitException.class, true},
      {"too_many_requests", RateLimitException.class, true},
      {"server_error", ServerErrorException.class, true},
      {"internal_error", ServerErrorException.class, true},
      {"service_unavailable", ServerErrorException.class, true},
      {"model_overloaded", ServerErrorException.class, true},
      {"request_timeout", ServerErrorException.class, true},
      {"invalid_api_key", AuthenticationException.class, false},
      {"authentication_failed", AuthenticationException.class, false},
      {"permission_denied", AuthenticationException.class, false},
      {"invalid_prompt", BadRequestException.class, false},
      {"model_not_found", BadRequestException.class, false},
      {"unsupported_value", BadRequestException.class, false},
      {"content_policy_violation", StreamErrorException.class, false},
    };
    for (Path path : Path.values()) {
      for (Object[] row : table) {
        b.add(Arguments.of(path, row[0], row[1], row[2]));
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("codes")
  void anErrorEventIsTypedByItsCode(
      Path path, String code, Class<? extends ModelException> type, boolean retryable) {
    Outcome out = fail(path, code, null);
    assertThat(out.failure())
        .isExactlyInstanceOf(type)
        .hasMessageStartingWith("openai: " + code + ": ")
        .hasMessageContaining("Something went wrong");
    ModelException e = (ModelException) out.failure();
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.provider()).isEqualTo("openai");
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("Par");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Path.class,
      names = {"CHAT_SDK", "CHAT_LEAN"})
  void aChatErrorsCodeOutranksItsType(Path path) {
    // what the service sends when the account is out of credit
    Outcome out = fail(path, "insufficient_quota", "invalid_request_error");
    assertThat(out.failure())
        .isInstanceOf(RateLimitException.class)
        .hasMessageStartingWith("openai: insufficient_quota: ");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(
      value = Path.class,
      names = {"CHAT_SDK", "CHAT_LEAN"})
  void aChatErrorWithoutACodeIsTypedByItsType(Path path) {
    Outcome out = fail(path, null, "server_error");
    assertThat(out.failure())
        .isInstanceOf(ServerErrorException.class)
        .hasMessageContaining("Something went wrong")
        .message()
        .doesNotStartWith("openai: :");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Path.class)
  void aRetriedFailureIsAnnouncedNamingTheProvider(Path path) {
    fake.enqueue(FakeTurn.httpError(503, "busy"), FakeTurn.text("ok"));
    Outcome out;
    try (OpenAiModel model = model(path, 2)) {
      out = WireReplay.run(model);
    }
    assertThat(out.failure()).isNull();
    assertThat(ProcessorPart.textOf(out.parts())).isEqualTo("ok");
    assertThat(out.parts())
        .filteredOn(p -> p.substream().equals(ProcessorPart.DEBUG))
        .singleElement()
        .satisfies(p -> assertThat(p.text().orElseThrow()).startsWith("openai: attempt 1 of 2"));
  }
}
