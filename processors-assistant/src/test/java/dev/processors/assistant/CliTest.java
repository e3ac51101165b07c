package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every flag of the seed's command line, against real Redis and RabbitMQ. */
@ExtendWith(RealServers.class)
class CliTest {
  private FakeOpenAiServer model;
  private Map<String, String> env;
  private Redis redis;

  /** What one CLI run printed, and its exit code. */
  record Result(int code, String out, String err) {}

  @BeforeEach
  void setUp() {
    model = FakeOpenAiServer.start();
    model.defaultTurn(FakeTurn.text("Hello ", "from the CLI test."));
    env = new HashMap<>(TestSettings.openAi(model.baseUrl(), Map.of()));
    AssistantSettings s = AssistantSettings.fromEnvironment(env);
    redis = Redis.connect(s.redisUrl(), s.redisPrefix());
  }

  @AfterEach
  void tearDown() {
    redis.close();
    model.close();
  }

  private Result cli(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AssistantCli.run(
            args,
            env,
            new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void generateUuidMakesAChannelAndStartsItsConversation() {
    Result r = cli("", "--generate-uuid");

    assertThat(r.code()).isZero();
    String channel =
        r.out()
            .lines()
            .filter(l -> l.startsWith("channel:"))
            .findFirst()
            .orElseThrow()
            .substring("channel:".length())
            .strip();
    assertThat(channel).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    assertThat(r.out()).contains("thread_id: conv_fake1").contains("--test-message " + channel);
    assertThat(redis.sync().get(redis.keys().thread(channel))).isEqualTo("conv_fake1");
  }

  @Test
  void testMessageSendsThroughRabbitMqAndPrintsTheFramesUntilCompleted() {
    try (ServiceFixture service = new ServiceFixture(env)) {
      env.put("WEBSOCKET_URL", service.settings.webSocketUrl().toString());

      Result r = cli("", "--test-message", "user_session_abc123", "Hello, assistant!");

      assertThat(r.code()).as(r.err()).isZero();
      assertThat(r.out())
          .contains("[started] Assistant is processing your request...")
          .contains("[responding]")
          .contains("Hello from the CLI test.\n[completed] thread_id conv_fake1")
          .containsPattern("channel user_session_abc123, message_id msg-[0-9a-f-]{36}\\R");
    }
  }

  @Test
  void testMessagePrintsAnErrorFrameAndExitsWith1() {
    model.defaultTurn(FakeTurn.httpError(400, "the model refused"));
    try (ServiceFixture service = new ServiceFixture(env)) {
      env.put("WEBSOCKET_URL", service.settings.webSocketUrl().toString());

      Result r = cli("", "--test-message", "c-error", "Hello?");

      assertThat(r.code()).isEqualTo(1);
      assertThat(r.out())
          .containsPattern(
              "\\[started\\] [^\\n]*\\n\\[error\\] The assistant could not answer: .+");
    }
  }

  @Test
  void testMessageSaysWhatIsWrongWhenNoServiceListens() {
    env.put("WEBSOCKET_URL", "ws://127.0.0.1:" + LocalProcess.freePort() + "/ws");

    Result r = cli("", "--test-message", "c", "hi");

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.err())
        .contains("cannot connect to the WebSocket server")
        .contains("WEBSOCKET_URL");
  }

  @Test
  void showThreadStatsReportsCountsAgesActivityAndMemory() {
    conversation("fresh", 0, 3);
    conversation("old", 100, 7);

    Result r = cli("", "--show-thread-stats");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("conversations under '" + env.get("REDIS_PREFIX") + "': 2")
        .containsPattern("< 1 day\\s+1")
        .containsPattern("> 90 days\\s+1")
        .contains("messages: 10 in all, 5.0 per conversation, at most 7")
        .contains("active in the last 24 h: 1")
        .contains("oldest: old")
        .contains("newest: fresh")
        .contains("memory of the conversations' keys:")
        .contains("Redis memory in use:");
  }

  @Test
  void clearAllThreadsAsksFirstAndYesSkipsTheQuestion() {
    conversation("a", 0, 1);
    conversation("b", 0, 1);

    Result refused = cli("n\n", "--clear-all-threads");
    long afterRefusal = threads();
    Result accepted = cli("y\n", "--clear-all-threads");
    conversation("c", 0, 1);
    Result forced = cli("", "--clear-all-threads", "--yes");

    assertThat(refused.out())
        .contains("Delete every conversation (2)? [y/N]")
        .contains("cancelled");
    assertThat(afterRefusal).isEqualTo(2);
    assertThat(accepted.out()).contains("deleted 2 conversation(s)");
    assertThat(forced.out()).doesNotContain("[y/N]").contains("deleted 1 conversation(s)");
    assertThat(threads()).isZero();
  }

  @Test
  void clearOldThreadsDeletesOnlyConversationsIdleForMoreThanTheDays() {
    conversation("recent", 5, 1);
    conversation("stale", 45, 1);

    Result refused = cli("no\n", "--clear-old-threads", "30");
    Result done = cli("", "--yes", "--clear-old-threads", "30");

    assertThat(refused.out()).contains("idle for more than 30 days (1)?").contains("cancelled");
    assertThat(done.out()).contains("deleted 1 conversation(s)");
    assertThat(redis.sync().exists(redis.keys().thread("recent"))).isEqualTo(1);
    assertThat(redis.sync().exists(redis.keys().thread("stale"), redis.keys().meta("stale")))
        .isZero();
  }

  @Test
  void badUsageExitsWith2AndSaysWhy() {
    Result unknown = cli("", "--frobnicate");
    Result days = cli("", "--clear-old-threads", "many");
    Result missing = cli("", "--test-message", "only-a-channel");

    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("unknown option '--frobnicate'").contains("usage:");
    assertThat(days.code()).isEqualTo(2);
    assertThat(days.err()).contains("a number of days").contains("'many'");
    assertThat(missing.code()).isEqualTo(2);
    assertThat(missing.err()).contains("--test-message takes 2 argument(s)");
  }

  /** A conversation created and last used {@code daysAgo} days ago, with {@code messages}. */
  private void conversation(String channel, int daysAgo, int messages) {
    long when = System.currentTimeMillis() / 1000 - daysAgo * 86_400L;
    redis.sync().set(redis.keys().thread(channel), "conv_" + channel);
    redis
        .sync()
        .hset(
            redis.keys().meta(channel),
            Map.of(
                "thread_id", "conv_" + channel,
                "created_at", Long.toString(when),
                "last_activity", Long.toString(when),
                "message_count", Integer.toString(messages)));
  }

  private long threads() {
    return new ThreadAdmin(redis).threads().size();
  }
}
