package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.GetResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The router on real RabbitMQ and Redis (no worker): it numbers each channel's messages onto the
 * work queue, acknowledges an original once its numbered copy is safely queued, and dead-letters
 * what cannot be read with an error frame to its channel.
 */
@ExtendWith(RealServers.class)
class RouterTest {
  private AssistantSettings settings;
  private Redis redis;
  private Connection amqp;
  private Channel raw;
  private TurnOrder order;
  private Router router;
  private MessagePublisher publisher;
  private RedisFrames frames;

  @BeforeEach
  void start() {
    settings = AssistantSettings.fromEnvironment(TestSettings.environment(Map.of()));
    redis = Redis.connect(settings.redisUrl(), settings.redisPrefix());
    frames = new RedisFrames(redis);
    amqp = RabbitTopology.connect(settings.rabbitMqUrl(), "router-test");
    RabbitTopology.declare(amqp, settings);
    order = new TurnOrder(redis, settings.threadExpiry(), settings.answeredTtl(), false);
    ConversationStore store =
        new ConversationStore(redis, settings.threadExpiry(), settings.answeredTtl());
    router = new Router(amqp, settings, order, new FrameBus(redis), store);
    publisher = MessagePublisher.connect(settings);
  }

  @AfterEach
  void stop() throws Exception {
    router.close();
    publisher.close();
    order.close();
    frames.close();
    amqp.close();
    redis.close();
  }

  /** The numbered copies on the work queue, taken off it. */
  private List<GetResponse> work(int count) throws Exception {
    if (raw == null) {
      raw = amqp.createChannel();
    }
    List<GetResponse> got = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (got.size() < count && System.nanoTime() < deadline) {
      GetResponse r = raw.basicGet(settings.workQueue(), true);
      if (r == null) {
        Thread.sleep(10);
      } else {
        got.add(r);
      }
    }
    return got;
  }

  private static String body(GetResponse r) {
    return new String(r.getBody(), StandardCharsets.UTF_8);
  }

  @Test
  void eachChannelsMessagesAreNumberedInArrivalOrderOntoTheWorkQueue() throws Exception {
    InboundMessage a1 = new InboundMessage("a", "m1", "first");
    InboundMessage b1 = new InboundMessage("b", "m1", "other channel");
    InboundMessage a2 = new InboundMessage("a", "m2", "second");

    publisher.publish(a1);
    publisher.publish(b1);
    publisher.publish(a2);
    publisher.publish(a1); // the same message again keeps its number

    List<GetResponse> copies = work(4);
    assertThat(copies).hasSize(4);
    assertThat(copies)
        .extracting(RouterTest::body)
        .containsExactly(
            new String(a1.toJson(), StandardCharsets.UTF_8),
            new String(b1.toJson(), StandardCharsets.UTF_8),
            new String(a2.toJson(), StandardCharsets.UTF_8),
            new String(a1.toJson(), StandardCharsets.UTF_8));
    assertThat(copies)
        .extracting(r -> r.getProps().getHeaders().get(Worker.CHANNEL_HEADER).toString())
        .containsExactly("a", "b", "a", "a");
    assertThat(copies)
        .extracting(r -> ((Number) r.getProps().getHeaders().get(Worker.SEQ_HEADER)).longValue())
        .containsExactly(1L, 1L, 2L, 1L);
    assertThat(copies.get(0).getProps().getDeliveryMode()).as("persistent").isEqualTo(2);
  }

  @Test
  void anUnreadableMessageIsDeadLetteredWithAnErrorFrameToItsChannel() throws Exception {
    redis.sync().set(redis.keys().thread("c"), "conv_c");

    publisher.publishRaw(
        "{\"channel\":\"c\",\"message_id\":\"m-bad\"}".getBytes(StandardCharsets.UTF_8));

    Frame error = frames.next();
    assertThat(error).isNotNull();
    assertThat(error.status()).isEqualTo(Frame.Status.ERROR);
    assertThat(error.message()).isEqualTo("Invalid message: it was not processed");
    assertThat(error.errorDetails()).get().asString().contains("message (a non-empty string)");
    assertThat(error.messageId()).contains("m-bad");
    assertThat(error.threadId()).contains("conv_c");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (publisher.deadLetters() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(publisher.deadLetters()).isEqualTo(1);
    if (raw == null) {
      raw = amqp.createChannel();
    }
    assertThat(raw.messageCount(settings.workQueue())).as("nothing reached the workers").isZero();
  }
}
