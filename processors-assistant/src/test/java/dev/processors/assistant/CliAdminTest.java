package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The command line's conversation maintenance on the tests' real Redis (no broker): statistics per
 * age bucket, and the confirmation question before deleting.
 */
class CliAdminTest {
  private static final long DAY = 86_400;

  private Map<String, String> env;
  private Redis redis;

  @BeforeEach
  void connect() {
    String prefix = "admin-" + UUID.randomUUID() + ":";
    env = Map.of("REDIS_URL", RealServers.redisUrl(), "REDIS_PREFIX", prefix);
    redis = Redis.connect(RealServers.redisUrl(), prefix);
  }

  @AfterEach
  void close() {
    redis.close();
  }

  private CliTest.Result cli(InputStream in, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AssistantCli.run(
            args,
            env,
            in,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliTest.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private CliTest.Result cli(String stdin, String... args) {
    return cli(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
  }

  @Test
  void statsPutEachConversationInTheBucketOfItsAge() {
    long now = System.currentTimeMillis() / 1000;
    conversation("today", now, now, 1);
    conversation("one-day", now - DAY - 3600, now - DAY, 2);
    conversation("one-week", now - 7 * DAY - 3600, now - 7 * DAY, 3);
    conversation("one-month", now - 30 * DAY - 3600, now - 30 * DAY, 4);
    conversation("ancient", now - 100 * DAY, now - 3600, 5);

    CliTest.Result r = cli("", "--show-thread-stats");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains("conversations under '" + env.get("REDIS_PREFIX") + "': 5")
        .contains("age (since created):")
        .containsPattern("< 1 day\\s+1\\R")
        .containsPattern("1-7 days\\s+1\\R")
        .containsPattern("7-30 days\\s+1\\R")
        .containsPattern("30-90 days\\s+1\\R")
        .containsPattern("> 90 days\\s+1\\R")
        .contains("messages: 15 in all, 3.0 per conversation, at most 5")
        .contains("active in the last 24 h: 2")
        .contains("oldest: ancient (thread conv_ancient, created ")
        .contains(", 5 messages)")
        .contains("newest: today (thread conv_today")
        .containsPattern("memory of the conversations' keys: \\d{1,3}\\.\\d KiB")
        .containsPattern("Redis memory in use: \\S+");
  }

  @Test
  void statsOfNoConversationSayZeroAndSkipTheBreakdown() {
    CliTest.Result r = cli("", "--show-thread-stats");

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith("conversations under '" + env.get("REDIS_PREFIX") + "': 0")
        .doesNotContain("age (since created)")
        .contains("Redis memory in use:");
  }

  @Test
  void clearingWithNothingToDeleteAsksNothing() {
    CliTest.Result r = cli("", "--clear-all-threads");

    assertThat(r.code()).isZero();
    assertThat(r.out()).isEqualTo("nothing to delete: no conversation matches\n");
  }

  @Test
  void theQuestionIsShownBeforeTheAnswerIsReadAndNoAnswerMeansNo() {
    long now = System.currentTimeMillis() / 1000;
    conversation("a", now, now, 1);
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    StringBuilder shownWhenAsked = new StringBuilder();
    InputStream keyboard =
        new InputStream() {
          @Override
          public int read() {
            if (shownWhenAsked.isEmpty()) {
              shownWhenAsked.append(screen.toString(StandardCharsets.UTF_8)).append('|');
            }
            return -1; // end of input: the user typed nothing
          }
        };
    PrintStream buffered =
        new PrintStream(new BufferedOutputStream(screen, 8192), false, StandardCharsets.UTF_8);

    int code =
        AssistantCli.run(
            new String[] {"--clear-all-threads"},
            env,
            keyboard,
            buffered,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    buffered.flush();

    assertThat(code).isZero();
    assertThat(shownWhenAsked.toString()).isEqualTo("Delete every conversation (1)? [y/N] |");
    assertThat(screen.toString(StandardCharsets.UTF_8)).contains("cancelled: nothing was deleted");
    assertThat(redis.sync().exists(redis.keys().thread("a"))).isEqualTo(1);
  }

  @Test
  void yesInAnyCaseWithSpacesConfirms() {
    long now = System.currentTimeMillis() / 1000;
    conversation("a", now, now, 1);
    conversation("b", now - 40 * DAY, now - 40 * DAY, 1);

    CliTest.Result old = cli(" YES \n", "--clear-old-threads", "30");
    CliTest.Result maybe = cli("maybe\n", "--clear-all-threads");
    CliTest.Result all = cli("Y\n", "--clear-all-threads");

    assertThat(old.out()).contains("deleted 1 conversation(s)");
    assertThat(maybe.out()).contains("cancelled");
    assertThat(all.out()).contains("Delete every conversation (1)?").contains("deleted 1");
    assertThat(redis.sync().exists(redis.keys().thread("a"), redis.keys().thread("b"))).isZero();
  }

  private void conversation(String channel, long createdAt, long lastActivity, int messages) {
    redis.sync().set(redis.keys().thread(channel), "conv_" + channel);
    redis
        .sync()
        .hset(
            redis.keys().meta(channel),
            Map.of(
                "thread_id", "conv_" + channel,
                "created_at", Long.toString(createdAt),
                "last_activity", Long.toString(lastActivity),
                "message_count", Integer.toString(messages)));
  }
}
