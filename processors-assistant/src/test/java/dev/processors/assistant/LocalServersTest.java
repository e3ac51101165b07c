package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The local servers the tests and bin/run start leave nothing behind when closed. */
class LocalServersTest {
  @Test
  void closingLocalRedisStopsItsServerProcess() {
    LocalRedis redis = LocalRedis.start();
    String port = Integer.toString(redis.port());
    List<ProcessHandle> servers = serversOn(port);
    assertThat(servers).as("redis-server for port %s", port).isNotEmpty();

    redis.close();

    for (ProcessHandle p : servers) {
      p.onExit().join();
    }
    assertThat(serversOn(port)).isEmpty();
  }

  @Test
  void theRabbitMqNodeOfTheTestsIsOnLoopbackAndAChildOfThisJvm() {
    String url = RealServers.rabbitUrl();

    assertThat(url).startsWith("amqp://guest:guest@127.0.0.1:");
    assertThat(
            ProcessHandle.current()
                .descendants()
                .map(p -> p.info().commandLine().orElse(""))
                .anyMatch(c -> c.contains("beam") && c.contains("processors-rabbitmq-")))
        .as("a RabbitMQ node with its own directory, started by this JVM")
        .isTrue();
  }

  private static List<ProcessHandle> serversOn(String port) {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("redis-server"))
        .filter(p -> p.info().commandLine().orElse("").contains(port))
        .filter(ProcessHandle::isAlive)
        .toList();
  }
}
