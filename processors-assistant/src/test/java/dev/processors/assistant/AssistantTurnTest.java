package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One message's answer on the tests' real Redis (no broker), with in-process models: the round
 * limit on tool calls, and a conversation that cannot be started.
 */
class AssistantTurnTest {
  private Redis redis;
  private ConversationStore store;
  private RedisFrames frames;

  @BeforeEach
  void connect() {
    redis = Redis.connect(RealServers.redisUrl(), "turn-" + UUID.randomUUID() + ":");
    store = new ConversationStore(redis, Duration.ofMinutes(10), Duration.ofMinutes(10));
    frames = new RedisFrames(redis);
  }

  @AfterEach
  void close() {
    frames.close();
    redis.close();
  }

  private AssistantTurn turn(ConversationModel model) {
    return new AssistantTurn(
        model, WeatherTool.fromEnvironment(Map.of()).tools(), store, new FrameBus(redis));
  }

  @Test
  void aModelThatKeepsCallingToolsIsStoppedAfterFiveRounds() throws Exception {
    AtomicInteger rounds = new AtomicInteger();
    Processor toolForever =
        (in, out) -> {
          while (in.hasNext()) {
            in.next();
          }
          int n = rounds.incrementAndGet();
          out.emit(ProcessorPart.functionCall("call-" + n, "get_weather", "{\"city\":\"Oslo\"}"));
        };
    ConversationModel model = ConversationModel.withHistoryInRedis(toolForever, "tools forever");

    turn(model).answer(new InboundMessage("c", "m1", "weather?"), 1, Optional.empty());

    List<Frame> got = frames.untilFinal("m1");
    assertThat(rounds.get()).isEqualTo(AssistantTurn.MAX_ROUNDS);
    assertThat(got.stream().filter(f -> f.status() == Frame.Status.PROCESSING))
        .hasSize(AssistantTurn.MAX_ROUNDS)
        .allMatch(f -> f.message().equals("Assistant is gathering information (get_weather)..."));
    assertThat(got.get(0).status()).isEqualTo(Frame.Status.STARTED);
    assertThat(got.get(got.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
    assertThat(model.description()).isEqualTo("tools forever, history kept in Redis");
  }

  @Test
  void aConversationThatCannotBeStartedEndsTheMessageWithAnErrorFrame() throws Exception {
    ConversationModel model = failingToStart(new IllegalStateException("no quota left"));

    turn(model).answer(new InboundMessage("c", "m1", "hi"), 1, Optional.empty());

    List<Frame> got = frames.untilFinal("m1");
    assertThat(got).hasSize(1);
    assertThat(got.get(0).status()).isEqualTo(Frame.Status.ERROR);
    assertThat(got.get(0).message()).isEqualTo("The conversation could not be started");
    assertThat(got.get(0).errorDetails()).contains("IllegalStateException: no quota left");
    assertThat(got.get(0).threadId()).isEmpty();
    assertThat(redis.sync().get(redis.keys().done("c"))).as("the channel goes on").isEqualTo("1");
  }

  @Test
  void aServiceFailureWhileStartingTheConversationIsLeftToTheWorker() {
    ConversationModel model = failingToStart(new AssistantException("Redis went away"));

    assertThatThrownBy(
            () -> turn(model).answer(new InboundMessage("c", "m1", "hi"), 1, Optional.empty()))
        .isInstanceOf(AssistantException.class)
        .hasMessage("Redis went away");
    assertThat(redis.sync().get(redis.keys().done("c"))).as("not finished: redelivered").isNull();
  }

  private static ConversationModel failingToStart(RuntimeException failure) {
    return new ConversationModel() {
      @Override
      public String newConversation() {
        throw failure;
      }

      @Override
      public boolean storesHistory() {
        return false;
      }

      @Override
      public Processor answering(String conversationId) {
        throw new AssertionError("no conversation, no answer");
      }

      @Override
      public String description() {
        return "failing";
      }

      @Override
      public void close() {}
    };
  }
}
