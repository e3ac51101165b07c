package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.RetryPolicy;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelExceptionTest {

  /** A pattern switch with no default: it compiles only while it names every subclass. */
  private static String advice(ModelException error) {
    return switch (error) {
      case AuthenticationException e -> "check the key";
      case RateLimitException e -> "wait " + e.retryAfter().map(Duration::toSeconds).orElse(0L);
      case BadRequestException e -> "fix the request";
      case ServerErrorException e -> "try later";
      case TransportException e -> "check the network";
      case MalformedStreamException e -> "report the stream";
      case TruncatedStreamException e -> "ask again for the rest";
      case StreamErrorException e -> "read the message";
      case StructuredOutputException e -> "fix " + e.problems();
      case ResumeMismatchException e -> "ask again";
    };
  }

  @Test
  void aPatternSwitchNamesEveryModelError() {
    List<ModelException> errors =
        List.of(
            new AuthenticationException("fake", "HTTP 401", 401, null, null),
            new RateLimitException("fake", "HTTP 429", 429, Duration.ofSeconds(3), null),
            new BadRequestException("fake", "HTTP 400", 400, null, null),
            new ServerErrorException("fake", "HTTP 503", 503, null, null),
            new TransportException("fake", "reset", -1, null, new IOException("reset")),
            new MalformedStreamException("fake", "not JSON", -1, null, null),
            new TruncatedStreamException("fake", "no [DONE]", 200, null, null),
            new StreamErrorException("fake", "odd_code", -1, null, null),
            new StructuredOutputException("fake", "bad output", List.of("$.city: missing"), null),
            new ResumeMismatchException("fake", "text offset 3", null));
    assertThat(errors)
        .extracting(ModelExceptionTest::advice)
        .containsExactly(
            "check the key",
            "wait 3",
            "fix the request",
            "try later",
            "check the network",
            "report the stream",
            "ask again for the rest",
            "read the message",
            "fix [$.city: missing]",
            "ask again");
  }

  @Test
  void aFakeModelsErrorCarriesWhatARealOneDoes() {
    RateLimitException e =
        new RateLimitException("fake", "slow down", 429, Duration.ofSeconds(2), null);
    assertThat(e).hasMessage("fake: slow down");
    assertThat(e.provider()).isEqualTo("fake");
    assertThat(e.statusCode()).hasValue(429);
    assertThat(e.retryAfter()).contains(Duration.ofSeconds(2));
    assertThat(e.retryable()).isTrue();
    assertThat(new TransportException("fake", "reset", -1, null, null).statusCode()).isEmpty();
  }

  @Test
  void onlyRateLimitsServerErrorsAndNetworkFailuresAreRetryable() {
    assertThat(new AuthenticationException("f", "m", 401, null, null).retryable()).isFalse();
    assertThat(new BadRequestException("f", "m", 400, null, null).retryable()).isFalse();
    assertThat(new MalformedStreamException("f", "m", -1, null, null).retryable()).isFalse();
    assertThat(new StreamErrorException("f", "m", -1, null, null).retryable()).isFalse();
    assertThat(new StructuredOutputException("f", "m", List.of(), null).retryable()).isFalse();
    assertThat(new ResumeMismatchException("f", "here", null).retryable()).isFalse();
    assertThat(new ServerErrorException("f", "m", 500, null, null).retryable()).isTrue();
    assertThat(new TransportException("f", "m", -1, null, null).retryable()).isTrue();
  }

  @Test
  void theDefaultRetryPolicyRetriesWhatAFakeThrowsAsRetryable() {
    RetryPolicy policy = Retries.defaultPolicy();
    assertThat(policy.shouldRetry(new ServerErrorException("f", "m", 503, null, null), 1)).isTrue();
    assertThat(policy.shouldRetry(new BadRequestException("f", "m", 400, null, null), 1)).isFalse();
  }
}
