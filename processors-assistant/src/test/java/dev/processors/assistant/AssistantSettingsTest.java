package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The settings from the environment: the seed's defaults and an error naming each bad value. */
class AssistantSettingsTest {

  private static AssistantSettings from(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return AssistantSettings.fromEnvironment(env);
  }

  @Test
  void anEmptyEnvironmentGivesTheSeedsDefaults() {
    AssistantSettings s = from();

    assertThat(s.rabbitMqUrl()).isEqualTo("amqp://guest:guest@localhost:5672/");
    assertThat(s.exchange()).isEqualTo("cosmo_exchange");
    assertThat(s.queue()).isEqualTo("cosmo_queue");
    assertThat(s.routingKey()).isEqualTo("cosmo_key");
    assertThat(s.webSocketUrl()).isEqualTo(URI.create("ws://localhost:8080/ws"));
    assertThat(s.redisUrl()).isEqualTo("redis://localhost:6379/0");
    assertThat(s.redisPrefix()).isEqualTo("cosmo:");
    assertThat(s.threadExpiry()).isEqualTo(Duration.ofDays(90));
    assertThat(s.role()).isEqualTo(AssistantSettings.Role.ALL);
    assertThat(s.workerPrefetch()).isEqualTo(32);
    assertThat(s.responseCacheTtl()).isEqualTo(Duration.ofHours(1));
    assertThat(s.answeredTtl()).isEqualTo(Duration.ofDays(1));
    assertThat(s.deadLetterQueue()).isEqualTo("cosmo_queue.dead");
    assertThat(s.workQueue()).isEqualTo("cosmo_queue.work");
  }

  @Test
  void blankVariablesCountAsUnsetAndGivenOnesAreUsed() {
    AssistantSettings s =
        from(
            "EXCHANGE_NAME", "  ",
            "QUEUE_NAME", "q",
            "REDIS_THREAD_EXPIRY", " 60 ",
            "WORKER_PREFETCH", "1",
            "RESPONSE_CACHE_TTL", "0",
            "ANSWERED_TTL", "5",
            "SERVICE_ROLE", " Worker ");

    assertThat(s.exchange()).isEqualTo("cosmo_exchange");
    assertThat(s.queue()).isEqualTo("q");
    assertThat(s.threadExpiry()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.workerPrefetch()).isEqualTo(1);
    assertThat(s.responseCacheTtl()).isZero();
    assertThat(s.answeredTtl()).isEqualTo(Duration.ofSeconds(5));
    assertThat(s.role()).isEqualTo(AssistantSettings.Role.WORKER);
  }

  @Test
  void eachRoleRunsItsOwnParts() {
    assertThat(AssistantSettings.Role.ALL.runsWorker()).isTrue();
    assertThat(AssistantSettings.Role.ALL.runsWebSocket()).isTrue();
    assertThat(AssistantSettings.Role.WORKER.runsWorker()).isTrue();
    assertThat(AssistantSettings.Role.WORKER.runsWebSocket()).isFalse();
    assertThat(AssistantSettings.Role.WEBSOCKET.runsWorker()).isFalse();
    assertThat(AssistantSettings.Role.WEBSOCKET.runsWebSocket()).isTrue();
  }

  @Test
  void aNumberThatIsNotAWholeNumberOrIsNegativeIsNamedWithItsValue() {
    assertThatThrownBy(() -> from("REDIS_THREAD_EXPIRY", "ninety"))
        .isInstanceOf(AssistantException.class)
        .hasMessage("REDIS_THREAD_EXPIRY must be a whole number >= 0, got 'ninety'");
    assertThatThrownBy(() -> from("RESPONSE_CACHE_TTL", "-1"))
        .isInstanceOf(AssistantException.class)
        .hasMessage("RESPONSE_CACHE_TTL must be a whole number >= 0, got '-1'");
  }

  @Test
  void zeroIsAllowedOnlyWhereItMeansSomething() {
    assertThat(from("RESPONSE_CACHE_TTL", "0").responseCacheTtl()).isZero();
    assertThatThrownBy(() -> from("REDIS_THREAD_EXPIRY", "0"))
        .isInstanceOf(AssistantException.class)
        .hasMessageContaining("REDIS_THREAD_EXPIRY must be positive");
    assertThatThrownBy(() -> from("WORKER_PREFETCH", "0"))
        .isInstanceOf(AssistantException.class)
        .hasMessage("WORKER_PREFETCH must be at least 1, got 0");
    assertThatThrownBy(() -> from("ANSWERED_TTL", "0"))
        .isInstanceOf(AssistantException.class)
        .hasMessageContaining("ANSWERED_TTL");
  }

  @Test
  void emptyExchangeOrQueueNamesAreRefusedByName() {
    AssistantSettings s = from();

    assertThatThrownBy(() -> withNames(s, " ", "q"))
        .isInstanceOf(AssistantException.class)
        .hasMessage("EXCHANGE_NAME must not be empty");
    assertThatThrownBy(() -> withNames(s, "x", ""))
        .isInstanceOf(AssistantException.class)
        .hasMessage("QUEUE_NAME must not be empty");
  }

  @Test
  void anUnknownRoleOrANonWebSocketUrlIsNamedWithItsValue() {
    assertThatThrownBy(() -> from("SERVICE_ROLE", "router"))
        .isInstanceOf(AssistantException.class)
        .hasMessage("SERVICE_ROLE must be all, worker or websocket, got 'router'");
    assertThatThrownBy(() -> from("WEBSOCKET_URL", "http://localhost:8080/ws"))
        .isInstanceOf(AssistantException.class)
        .hasMessageContaining("WEBSOCKET_URL must be a ws:// URL")
        .hasMessageContaining("'http://localhost:8080/ws'");
    assertThatThrownBy(() -> from("WEBSOCKET_URL", "ws://bad host/ws"))
        .isInstanceOf(AssistantException.class)
        .hasMessageContaining("'ws://bad host/ws'");
  }

  @Test
  void theWebSocketPortAndPathComeFromTheUrlWithTheSchemesDefaults() {
    assertThat(from("WEBSOCKET_URL", "ws://h:9001/socket").webSocketPort()).isEqualTo(9001);
    assertThat(from("WEBSOCKET_URL", "ws://h:0/socket").webSocketPort()).isZero();
    assertThat(from("WEBSOCKET_URL", "ws://h/socket").webSocketPort()).isEqualTo(80);
    assertThat(from("WEBSOCKET_URL", "wss://h/socket").webSocketPort()).isEqualTo(443);
    assertThat(from("WEBSOCKET_URL", "wss://h/socket").webSocketPath()).isEqualTo("/socket");
    assertThat(from("WEBSOCKET_URL", "ws://h:1").webSocketPath()).isEqualTo("/ws");
    assertThat(from("WEBSOCKET_URL", "ws://h:1/").webSocketPath()).isEqualTo("/ws");
  }

  @Test
  void copiesChangeOnlyTheirOneField() {
    AssistantSettings s = from();

    AssistantSettings prefixed = s.withRedisPrefix("other:");
    AssistantSettings websocket = s.withRole(AssistantSettings.Role.WEBSOCKET);
    AssistantSettings shortLived = s.withThreadExpiry(Duration.ofMinutes(5));
    AssistantSettings moved = s.withWebSocketUrl(URI.create("ws://127.0.0.1:1234/x"));

    assertThat(prefixed).isEqualTo(withPrefix(s, "other:"));
    assertThat(websocket.role()).isEqualTo(AssistantSettings.Role.WEBSOCKET);
    assertThat(websocket.withRole(AssistantSettings.Role.ALL)).isEqualTo(s);
    assertThat(shortLived.threadExpiry()).isEqualTo(Duration.ofMinutes(5));
    assertThat(shortLived.withThreadExpiry(Duration.ofDays(90))).isEqualTo(s);
    assertThat(moved.webSocketPort()).isEqualTo(1234);
    assertThat(moved.withWebSocketUrl(s.webSocketUrl())).isEqualTo(s);
  }

  @Test
  void toStringHidesPasswordsButShowsWhereItConnects() {
    AssistantSettings s =
        from(
            "RABBITMQ_URL", "amqp://user:s3cret@rabbit:5672/",
            "REDIS_URL", "redis://:hunter2@redis:6379/0");

    assertThat(s.toString())
        .doesNotContain("s3cret")
        .doesNotContain("hunter2")
        .contains("rabbitMqUrl=amqp://user:***@rabbit:5672/")
        .contains("redisUrl=redis://:***@redis:6379/0")
        .contains("exchange=cosmo_exchange")
        .contains("threadExpiry=7776000s")
        .contains("role=ALL");
    assertThat(AssistantSettings.redact("redis://localhost:6379/0"))
        .isEqualTo("redis://localhost:6379/0");
  }

  private static AssistantSettings withNames(AssistantSettings s, String exchange, String queue) {
    return new AssistantSettings(
        s.rabbitMqUrl(),
        exchange,
        queue,
        s.routingKey(),
        s.webSocketUrl(),
        s.redisUrl(),
        s.redisPrefix(),
        s.threadExpiry(),
        s.role(),
        s.workerPrefetch(),
        s.responseCacheTtl(),
        s.answeredTtl());
  }

  private static AssistantSettings withPrefix(AssistantSettings s, String prefix) {
    return new AssistantSettings(
        s.rabbitMqUrl(),
        s.exchange(),
        s.queue(),
        s.routingKey(),
        s.webSocketUrl(),
        s.redisUrl(),
        prefix,
        s.threadExpiry(),
        s.role(),
        s.workerPrefetch(),
        s.responseCacheTtl(),
        s.answeredTtl());
  }
}
