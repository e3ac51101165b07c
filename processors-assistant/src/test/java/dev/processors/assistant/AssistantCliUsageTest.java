package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line's usage, exit codes and error messages that need no server: bad usage is 2 and
 * says why, a setting or server that cannot be used is 1 and names it.
 */
class AssistantCliUsageTest {
  /** A port on 127.0.0.1 where nothing listens. */
  private final Map<String, String> env =
      new HashMap<>(
          Map.of(
              "REDIS_URL", "redis://127.0.0.1:" + LocalProcess.freePort() + "/0",
              "RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:" + LocalProcess.freePort() + "/"));

  private CliTest.Result cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        AssistantCli.run(
            args,
            env,
            new ByteArrayInputStream(new byte[0]),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new CliTest.Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void helpPrintsTheUsageAndExitsWith0() {
    CliTest.Result r = cli("--help");
    CliTest.Result h = cli("-h");

    assertThat(r.code()).isZero();
    assertThat(r.out().strip()).isEqualTo(AssistantCli.usage().strip());
    assertThat(r.out())
        .contains("--test-message CHANNEL TEXT")
        .contains("--generate-uuid")
        .contains("--show-thread-stats")
        .contains("--clear-all-threads")
        .contains("--clear-old-threads DAYS")
        .contains("--yes");
    assertThat(r.err()).isEmpty();
    assertThat(h).isEqualTo(r);
  }

  @Test
  void aCommandWithTheWrongNumberOfArgumentsExitsWith2AndSaysHowManyItTakes() {
    CliTest.Result uuid = cli("--generate-uuid", "extra");
    CliTest.Result stats = cli("--show-thread-stats", "extra");
    CliTest.Result all = cli("--clear-all-threads", "extra");
    CliTest.Result old = cli("--clear-old-threads");
    CliTest.Result message = cli("--test-message", "c", "hello", "extra");

    assertThat(uuid.code()).isEqualTo(2);
    assertThat(uuid.err())
        .contains("error: --generate-uuid takes 0 argument(s)")
        .contains("usage:");
    assertThat(stats.code()).isEqualTo(2);
    assertThat(stats.err()).contains("--show-thread-stats takes 0 argument(s)");
    assertThat(all.code()).isEqualTo(2);
    assertThat(all.err()).contains("--clear-all-threads takes 0 argument(s)");
    assertThat(old.code()).isEqualTo(2);
    assertThat(old.err()).contains("--clear-old-threads takes 1 argument(s)");
    assertThat(message.code()).isEqualTo(2);
    assertThat(message.err()).contains("--test-message takes 2 argument(s)");
    assertThat(uuid.out() + stats.out() + all.out() + old.out() + message.out()).isEmpty();
  }

  @Test
  void clearOldThreadsRefusesNegativeDaysButTakesZero() {
    CliTest.Result negative = cli("--clear-old-threads", "-1", "--yes");
    CliTest.Result zero = cli("--clear-old-threads", "0", "--yes");

    assertThat(negative.code()).isEqualTo(2);
    assertThat(negative.err())
        .contains("--clear-old-threads takes a number of days (0 or more), got '-1'");
    assertThat(zero.code())
        .as("0 days is valid: it goes on to Redis, here unreachable")
        .isEqualTo(1);
    assertThat(zero.err()).contains("error: cannot reach Redis at " + env.get("REDIS_URL"));
  }

  @Test
  void aBadSettingExitsWith1AndNamesTheVariable() {
    env.put("SERVICE_ROLE", "router");

    CliTest.Result stats = cli("--show-thread-stats");
    CliTest.Result serve = cli();

    assertThat(stats.code()).isEqualTo(1);
    assertThat(stats.err())
        .isEqualTo("error: SERVICE_ROLE must be all, worker or websocket, got 'router'\n");
    assertThat(serve.code()).isEqualTo(1);
    assertThat(serve.err()).contains("SERVICE_ROLE");
  }

  @Test
  void anUnreachableRedisExitsWith1NamingTheUrlWithoutItsPassword() {
    String port = env.get("REDIS_URL").replaceAll(".*:(\\d+)/0", "$1");
    env.put("REDIS_URL", "redis://:hunter2@127.0.0.1:" + port + "/0");

    CliTest.Result stats = cli("--show-thread-stats");
    CliTest.Result all = cli("--yes", "--clear-all-threads");

    assertThat(stats.code()).isEqualTo(1);
    assertThat(stats.err())
        .contains("cannot reach Redis at redis://:***@127.0.0.1:" + port)
        .contains("set REDIS_URL")
        .doesNotContain("hunter2");
    assertThat(all.code()).isEqualTo(1);
    assertThat(all.err()).contains("cannot reach Redis");
  }

  @Test
  void onlyNoCommandOrYesAloneRunsTheService() {
    assertThat(AssistantCli.runsService(new String[] {})).isTrue();
    assertThat(AssistantCli.runsService(new String[] {"--yes"})).isTrue();
    assertThat(AssistantCli.runsService(new String[] {"-y", "--yes"})).isTrue();
    assertThat(AssistantCli.runsService(new String[] {"--help"})).isFalse();
    assertThat(AssistantCli.runsService(new String[] {"--yes", "--show-thread-stats"})).isFalse();
  }
}
