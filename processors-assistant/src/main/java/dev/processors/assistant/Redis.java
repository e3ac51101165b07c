package dev.processors.assistant;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;

/**
 * The service's Redis client (Lettuce): one shared connection for commands, on which commands are
 * sent in the order they are issued (so a turn's frames keep their order), and pub/sub connections
 * on demand. Thread-safe; {@link #close()} closes every connection it opened.
 */
final class Redis implements AutoCloseable {
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisKeys keys;

  private Redis(RedisClient client, StatefulRedisConnection<String, String> connection, String p) {
    this.client = client;
    this.connection = connection;
    this.keys = new RedisKeys(p);
  }

  /**
   * Connects to {@code url} (e.g. {@code redis://localhost:6379/0}).
   *
   * @throws AssistantException naming the URL (without its password) if Redis cannot be reached
   */
  static Redis connect(String url, String prefix) {
    RedisClient client;
    try {
      RedisURI uri = RedisURI.create(url);
      uri.setTimeout(Duration.ofSeconds(30));
      client = RedisClient.create(uri);
    } catch (IllegalArgumentException e) {
      throw new AssistantException(
          "REDIS_URL is not a Redis URL: '" + AssistantSettings.redact(url) + "'", e);
    }
    try {
      return new Redis(client, client.connect(), prefix);
    } catch (RedisConnectionException e) {
      client.shutdown();
      throw new AssistantException(
          "cannot reach Redis at "
              + AssistantSettings.redact(url)
              + " (is redis-server running? set REDIS_URL): "
              + e.getMessage(),
          e);
    }
  }

  RedisKeys keys() {
    return keys;
  }

  /** Synchronous commands on the shared connection. */
  RedisCommands<String, String> sync() {
    return connection.sync();
  }

  /** The shared connection (its async API keeps the order of issue). */
  StatefulRedisConnection<String, String> connection() {
    return connection;
  }

  /** A new pub/sub connection; the caller closes it. */
  StatefulRedisPubSubConnection<String, String> pubSub() {
    return client.connectPubSub();
  }

  @Override
  public void close() {
    connection.close();
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
