package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import dev.processors.core.Processor;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What a worker does with each numbered message of the work queue, on real RabbitMQ and Redis:
 * malformed ones and ones started too often are dead-lettered, redeliveries of done or answered
 * messages are acknowledged without a second answer, and a message whose turn does not come is
 * given back to the queue.
 */
@ExtendWith(RealServers.class)
class WorkerTest {
  private FakeOpenAiServer fake;
  private AssistantSettings settings;
  private Redis redis;
  private Connection amqp;
  private Channel raw;
  private TurnOrder order;
  private ConversationModel model;
  private final AtomicInteger startFailuresLeft = new AtomicInteger();
  private Worker worker;
  private MessagePublisher publisher;
  private RedisFrames frames;

  @BeforeEach
  void start() throws Exception {
    fake = FakeOpenAiServer.start();
    fake.defaultTurn(FakeTurn.text("answered"));
    Map<String, String> env = TestSettings.openAi(fake.baseUrl(), Map.of());
    settings = AssistantSettings.fromEnvironment(env);
    redis = Redis.connect(settings.redisUrl(), settings.redisPrefix());
    frames = new RedisFrames(redis);
    amqp = RabbitTopology.connect(settings.rabbitMqUrl(), "worker-test");
    RabbitTopology.declare(amqp, settings);
    raw = amqp.createChannel();
    order = new TurnOrder(redis, settings.threadExpiry(), settings.answeredTtl(), true);
    ConversationStore store =
        new ConversationStore(redis, settings.threadExpiry(), settings.answeredTtl());
    model = AssistantModels.fromEnvironment(env, List.of(), Optional.empty());
    AssistantTurn turn =
        new AssistantTurn(
            failingFirst(model),
            WeatherTool.fromEnvironment(Map.of()).tools(),
            store,
            new FrameBus(redis));
    worker = new Worker(amqp, settings, order, store, turn);
    publisher = MessagePublisher.connect(settings);
  }

  @AfterEach
  void stop() throws Exception {
    worker.close();
    publisher.close();
    order.close();
    model.close();
    frames.close();
    amqp.close();
    redis.close();
    fake.close();
  }

  private void work(byte[] body, Long seq) throws Exception {
    AMQP.BasicProperties props =
        new AMQP.BasicProperties.Builder()
            .headers(
                seq == null
                    ? Map.<String, Object>of()
                    : Map.<String, Object>of(Worker.SEQ_HEADER, seq))
            .build();
    raw.basicPublish("", settings.workQueue(), props, body);
  }

  private void work(InboundMessage message, long seq) throws Exception {
    work(message.toJson(), seq);
  }

  private List<String> deadLetters(int count) throws InterruptedException {
    List<String> dead = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (dead.size() < count && System.nanoTime() < deadline) {
      Optional<byte[]> next = publisher.takeDeadLetter();
      if (next.isPresent()) {
        dead.add(new String(next.get(), StandardCharsets.UTF_8));
      } else {
        Thread.sleep(10);
      }
    }
    return dead;
  }

  @Test
  void aWorkMessageWithoutItsNumberOrWithABadBodyGoesToTheDeadLetterQueue() throws Exception {
    InboundMessage unnumbered = new InboundMessage("c", "m-unnumbered", "hi");
    work(unnumbered.toJson(), null);
    work("{oops".getBytes(StandardCharsets.UTF_8), 1L);

    assertThat(deadLetters(2))
        .containsExactlyInAnyOrder(
            new String(unnumbered.toJson(), StandardCharsets.UTF_8), "{oops");
    assertThat(worker.answered()).isZero();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void aMessageStartedMoreThanThreeTimesEndsWithAnErrorFrameAndIsDeadLettered() throws Exception {
    InboundMessage m = new InboundMessage("crashy", "m-crashy", "hi");
    redis.sync().set(redis.keys().thread("crashy"), "conv_crashy");
    redis.sync().set(redis.keys().attempts("crashy", "m-crashy"), "3");

    work(m, 1);

    List<Frame> got = frames.untilFinal("m-crashy");
    assertThat(got).hasSize(1);
    Frame error = got.get(0);
    assertThat(error.status()).isEqualTo(Frame.Status.ERROR);
    assertThat(error.message()).isEqualTo("The message could not be processed");
    assertThat(error.errorDetails()).get().asString().startsWith("gave up after 3 attempts");
    assertThat(error.threadId()).contains("conv_crashy");
    assertThat(deadLetters(1)).containsExactly(new String(m.toJson(), StandardCharsets.UTF_8));
    assertThat(order.done("crashy")).as("the channel's next message may go on").isEqualTo(1);
    assertThat(worker.answered()).isZero();
    assertThat(fake.requests()).isEmpty();
  }

  @Test
  void doneOrAnsweredMessagesAreAcknowledgedWithoutASecondAnswer() throws Exception {
    redis.sync().set(redis.keys().done("done-channel"), "1");
    redis.sync().set(redis.keys().answered("answered-channel", "m-answered"), "1");

    work(new InboundMessage("done-channel", "m-done", "again?"), 1);
    work(new InboundMessage("answered-channel", "m-answered", "again?"), 1);
    work(new InboundMessage("fresh", "m-fresh", "hello"), 1);

    List<Frame> fresh = frames.untilFinal("m-fresh");
    assertThat(fresh.get(fresh.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
    assertThat(fresh.get(fresh.size() - 1).message()).isEqualTo("answered");
    awaitIdle();
    worker.close();

    assertThat(worker.answered()).isEqualTo(1);
    assertThat(raw.messageCount(settings.workQueue()))
        .as("every message acknowledged: none came back to the queue when the worker stopped")
        .isZero();
    assertThat(publisher.deadLetters()).isZero();
    assertThat(frames.seen()).noneMatch(f -> f.messageId().orElse("").matches("m-done|m-answered"));
  }

  @Test
  void aMessageWhoseTurnDoesNotComeIsGivenBackAndAnsweredOnceItsTurnCame() throws Exception {
    work(new InboundMessage("waits", "m-2", "second"), 2);

    // The first wait ran out (REQUEUE_AFTER) when the message's first-wait mark exists and the
    // message is back in the queue; then the message before it is done.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (redis.sync().exists(redis.keys().waitingSince("waits", 2)) == 0) {
      assertThat(System.nanoTime()).as("the first wait ran out").isLessThan(deadline);
      Thread.sleep(10);
    }
    redis.sync().set(redis.keys().done("waits"), "1");

    List<Frame> got = frames.untilFinal("m-2");
    assertThat(got.get(got.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
    assertThat(order.done("waits")).isEqualTo(2);
  }

  @Test
  void aMessageThatWaitedTheOrderTimeoutInAllIsAnsweredAnyway() throws Exception {
    long longAgo = System.currentTimeMillis() - Worker.ORDER_TIMEOUT.toMillis() - 1_000;
    redis.sync().set(redis.keys().waitingSince("lost", 5), Long.toString(longAgo));

    work(new InboundMessage("lost", "m-5", "after a lost one"), 5);

    List<Frame> got = frames.untilFinal("m-5");
    assertThat(got.get(got.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
    assertThat(order.done("lost")).isEqualTo(5);
  }

  @Test
  void aMessageStartedForTheThirdTimeIsStillAnswered() throws Exception {
    redis.sync().set(redis.keys().attempts("third", "m-third"), "2");

    work(new InboundMessage("third", "m-third", "hi"), 1);

    List<Frame> got = frames.untilFinal("m-third");
    assertThat(got.get(got.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
    assertThat(publisher.deadLetters()).isZero();
  }

  @Test
  void aServiceFailureMidMessageGivesTheMessageBackAndItIsAnsweredOnRedelivery() throws Exception {
    startFailuresLeft.set(1);

    work(new InboundMessage("flaky", "m-flaky", "hi"), 1);

    List<Frame> got = frames.untilFinal("m-flaky");
    assertThat(got.get(got.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
    assertThat(startFailuresLeft.get()).isZero();
    awaitIdle();
    assertThat(worker.answered()).isEqualTo(1);
  }

  /** The model, whose first {@link #startFailuresLeft} conversations fail as Redis would. */
  private ConversationModel failingFirst(ConversationModel delegate) {
    return new ConversationModel() {
      @Override
      public String newConversation() {
        if (startFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
          throw new AssistantException("Redis is not answering (simulated)");
        }
        return delegate.newConversation();
      }

      @Override
      public boolean storesHistory() {
        return delegate.storesHistory();
      }

      @Override
      public Processor answering(String conversationId) {
        return delegate.answering(conversationId);
      }

      @Override
      public String description() {
        return delegate.description();
      }

      @Override
      public void close() {
        delegate.close();
      }
    };
  }

  private void awaitIdle() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (worker.inProgress() > 0) {
      assertThat(System.nanoTime()).as("the worker finished its messages").isLessThan(deadline);
      Thread.sleep(10);
    }
  }
}
