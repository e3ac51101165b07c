package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket client's requests to the frame server, on a real WebSocket and the tests' real Redis
 * (no broker): subscribing, unsubscribing, requests it cannot serve, and leaving.
 */
class SubscriberSocketTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Redis redis;
  private FrameServer server;
  private FrameBus bus;

  @BeforeEach
  void start() {
    redis = Redis.connect(RealServers.redisUrl(), "ws-" + UUID.randomUUID() + ":");
    server = FrameServer.start(redis, "127.0.0.1", 0, "/ws");
    bus = new FrameBus(redis);
  }

  @AfterEach
  void stop() {
    server.close();
    redis.close();
  }

  private FrameClient client() {
    return FrameClient.connect(URI.create(server.url()));
  }

  private static JsonNode next(FrameClient client) throws Exception {
    String text = client.next(WAIT).orElseThrow(() -> new AssertionError("no message"));
    return MAPPER.readTree(text);
  }

  @Test
  void aSubscriptionIsConfirmedWithTheChannelAndTheTimeInSeconds() throws Exception {
    try (FrameClient client = client()) {
      double before = System.currentTimeMillis() / 1000.0;
      client.send("{\"action\":\"subscribe\",\"channel\":\"c\"}");

      JsonNode confirmation = next(client);

      assertThat(confirmation.get("type").asText()).isEqualTo("subscribed");
      assertThat(confirmation.get("channel").asText()).isEqualTo("c");
      assertThat(confirmation.get("timestamp").asDouble()).isBetween(before - 1, before + 60);
      assertThat(server.channels()).isEqualTo(1);
    }
  }

  @Test
  void afterUnsubscribingAClientGetsNoMoreFramesOfThatChannel() throws Exception {
    try (FrameClient client = client()) {
      client.subscribe("c");
      client.subscribe("d");
      double before = System.currentTimeMillis() / 1000.0;

      client.send("{\"action\":\"unsubscribe\",\"channel\":\"c\"}");
      JsonNode confirmation = next(client);
      bus.publishNow("c", Frame.of(Frame.Status.STARTED, "for c", "m-c", null));
      bus.publishNow("d", Frame.of(Frame.Status.STARTED, "for d", "m-d", null));

      assertThat(confirmation.get("type").asText()).isEqualTo("unsubscribed");
      assertThat(confirmation.get("channel").asText()).isEqualTo("c");
      assertThat(confirmation.get("timestamp").asDouble()).isBetween(before - 1, before + 60);
      assertThat(client.nextFrame(WAIT).orElseThrow().message())
          .as("the frame of c, published first, never came")
          .isEqualTo("for d");
      assertThat(server.channels()).isEqualTo(1);
    }
  }

  @Test
  void requestsThatCannotBeServedGetAnErrorFrameNamingTheProblem() throws Exception {
    try (FrameClient client = client()) {
      client.send("not json");
      client.send("{\"action\":\"listen\",\"channel\":\"c\"}");
      client.send("{\"action\":\"subscribe\"}");

      Frame notJson = client.nextFrame(WAIT).orElseThrow();
      Frame unknown = client.nextFrame(WAIT).orElseThrow();
      Frame noChannel = client.nextFrame(WAIT).orElseThrow();

      assertThat(notJson.status()).isEqualTo(Frame.Status.ERROR);
      assertThat(notJson.message()).isEqualTo("Invalid request");
      assertThat(notJson.errorDetails()).contains("the request is not valid JSON");
      assertThat(unknown.errorDetails())
          .contains("unknown action 'listen': use subscribe or unsubscribe");
      assertThat(noChannel.errorDetails()).get().asString().contains("\"channel\"");
      assertThat(server.channels()).isZero();
    }
  }

  @Test
  void aClientThatLeavesStopsTheServersSubscriptionsOfItsChannels() throws Exception {
    FrameClient staying = client();
    try (FrameClient leaving = client()) {
      leaving.subscribe("a");
      leaving.subscribe("b");
      staying.subscribe("b");
      assertThat(server.channels()).isEqualTo(2);
    }

    awaitEqual(1, server::channels);
    bus.publishNow("b", Frame.of(Frame.Status.STARTED, "still here", "m", null));
    assertThat(staying.nextFrame(WAIT).orElseThrow().message()).isEqualTo("still here");
    staying.close();
    awaitEqual(0, server::channels);
  }

  private static void awaitEqual(int expected, IntSupplier actual) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (actual.getAsInt() != expected && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(actual.getAsInt()).isEqualTo(expected);
  }
}
