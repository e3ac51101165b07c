package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpCallControlTest {

  @Test
  void retryAfterIsReadInSecondsMillisecondsOrAsADate() {
    assertThat(HttpCallControl.retryAfter(Map.of("Retry-After", "3")::get))
        .contains(Duration.ofSeconds(3));
    assertThat(HttpCallControl.retryAfter(Map.of("retry-after-ms", "250")::get))
        .contains(Duration.ofMillis(250));
    String inTenSeconds =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(10));
    assertThat(HttpCallControl.retryAfter(Map.of("Retry-After", inTenSeconds)::get).orElseThrow())
        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(11));
  }

  @Test
  void missingOrUnreadableRetryAfterGivesNoAdvice() {
    assertThat(HttpCallControl.retryAfter(Map.<String, String>of()::get)).isEmpty();
    assertThat(HttpCallControl.retryAfter(Map.of("Retry-After", "soon")::get)).isEmpty();
    assertThat(HttpCallControl.retryAfter(Map.of("Retry-After", "-1")::get)).isEmpty();
  }

  @Test
  void aCallAttachedAfterCancelIsCancelledAtOnce() {
    AtomicInteger cancelled = new AtomicInteger();
    try (HttpCallControl control = HttpCallControl.open()) {
      assertThat(HttpCallControl.current()).containsSame(control);
      control.cancel();
      control.attach(cancelled::incrementAndGet);
    }
    assertThat(cancelled).hasValue(1);
    assertThat(HttpCallControl.current()).isEmpty();
  }

  @Test
  void cancelEndsTheAttachedCallAndKeepsTheErrorResponsesAdvice() {
    AtomicInteger cancelled = new AtomicInteger();
    try (HttpCallControl control = HttpCallControl.open()) {
      control.attach(cancelled::incrementAndGet);
      assertThat(cancelled).hasValue(0);
      control.errorResponse(Map.of("Retry-After", "2")::get);
      control.cancel();
      assertThat(cancelled).hasValue(1);
      assertThat(control.retryAfter()).contains(Duration.ofSeconds(2));
    }
  }
}
