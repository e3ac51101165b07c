package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveApiExceptionTest {

  /** A pattern switch with no default: it compiles only while it names every subclass. */
  private static String advice(LiveApiException error) {
    return switch (error) {
      case LiveApiSetupException e -> "check the endpoint and key";
      case LiveApiConnectionLostException e -> "open a new session";
      case LiveApiProtocolException e -> "report the message";
      case LiveApiUnansweredException e -> "ask again";
    };
  }

  @Test
  void aPatternSwitchNamesEveryLiveApiError() {
    List<LiveApiException> errors =
        List.of(
            new LiveApiSetupException("the setup was refused", false, null),
            new LiveApiConnectionLostException("no resumption handle", false, null),
            new LiveApiProtocolException("a server message is not JSON: {", new IOException()),
            new LiveApiUnansweredException("1 turn(s) went unanswered", 1));
    assertThat(errors)
        .extracting(LiveApiExceptionTest::advice)
        .containsExactly(
            "check the endpoint and key", "open a new session", "report the message", "ask again");
  }

  @Test
  void testsCanThrowThemWithTheirOwnMessagesAndRetryability() {
    LiveApiException lost =
        new LiveApiConnectionLostException("gave up after 3 attempts", true, new IOException("x"));
    assertThat(lost).hasMessage("gemini-live: gave up after 3 attempts");
    assertThat(lost.retryable()).isTrue();
    assertThat(lost).hasCauseInstanceOf(IOException.class);
    assertThat(new LiveApiProtocolException("not JSON", null).retryable()).isFalse();
    assertThat(new LiveApiSetupException("timed out", true, null).retryable()).isTrue();
  }
}
