package dev.processors.assistant;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The service's settings, read from environment variables with the seed's names and defaults.
 *
 * <table>
 *   <caption>Variables</caption>
 *   <tr><td>{@code RABBITMQ_URL}</td><td>{@code amqp://guest:guest@localhost:5672/}</td></tr>
 *   <tr><td>{@code EXCHANGE_NAME}, {@code QUEUE_NAME}, {@code ROUTING_KEY}</td>
 *       <td>{@code cosmo_exchange}, {@code cosmo_queue}, {@code cosmo_key}</td></tr>
 *   <tr><td>{@code WEBSOCKET_URL}</td><td>{@code ws://localhost:8080/ws}: the WebSocket server
 *       listens on its port and path; the CLI connects to it</td></tr>
 *   <tr><td>{@code REDIS_URL}, {@code REDIS_PREFIX}</td>
 *       <td>{@code redis://localhost:6379/0}, {@code cosmo:}</td></tr>
 *   <tr><td>{@code REDIS_THREAD_EXPIRY}</td><td>7776000 (seconds, 90 days, sliding)</td></tr>
 *   <tr><td>{@code SERVICE_ROLE}</td><td>{@code all}, or {@code worker} / {@code websocket}</td></tr>
 *   <tr><td>{@code WORKER_PREFETCH}</td><td>32 messages in flight per worker</td></tr>
 *   <tr><td>{@code RESPONSE_CACHE_TTL}</td><td>3600 s; 0 turns the shared cache off</td></tr>
 *   <tr><td>{@code ANSWERED_TTL}</td><td>86400 s: how long answered message ids are remembered</td></tr>
 * </table>
 *
 * <p>Model and tool variables ({@code OPENAI_API_KEY}, {@code GEMINI_API_KEY}, {@code
 * OPENWEATHER_API_KEY}...) are read by {@link AssistantModels} and {@link WeatherTool}. Immutable;
 * {@link #toString()} hides passwords. {@link #fromEnvironment} throws {@link AssistantException}
 * naming the variable that cannot be used.
 *
 * @param rabbitMqUrl the AMQP URL
 * @param exchange the exchange clients publish to
 * @param queue the queue bound to it
 * @param routingKey the routing key of the binding
 * @param webSocketUrl where the WebSocket server listens (and the CLI connects)
 * @param redisUrl the Redis URL
 * @param redisPrefix the prefix of every Redis key
 * @param threadExpiry how long a conversation lives after its last use
 * @param role which parts of the service this process runs
 * @param workerPrefetch how many messages a worker holds at once
 * @param responseCacheTtl how long shared cached answers live; zero: no cache
 * @param answeredTtl how long an answered message id is remembered for redelivery dedupe
 */
public record AssistantSettings(
    String rabbitMqUrl,
    String exchange,
    String queue,
    String routingKey,
    URI webSocketUrl,
    String redisUrl,
    String redisPrefix,
    Duration threadExpiry,
    Role role,
    int workerPrefetch,
    Duration responseCacheTtl,
    Duration answeredTtl) {

  /** Which parts of the service a process runs. */
  public enum Role {
    /** Workers and the WebSocket server. */
    ALL,
    /** Only the RabbitMQ consumers (router and worker). */
    WORKER,
    /** Only the WebSocket server. */
    WEBSOCKET;

    boolean runsWorker() {
      return this != WEBSOCKET;
    }

    boolean runsWebSocket() {
      return this != WORKER;
    }
  }

  /** Validates every field. */
  public AssistantSettings {
    Objects.requireNonNull(rabbitMqUrl, "rabbitMqUrl");
    requireName(exchange, "EXCHANGE_NAME");
    requireName(queue, "QUEUE_NAME");
    Objects.requireNonNull(routingKey, "routingKey");
    Objects.requireNonNull(webSocketUrl, "webSocketUrl");
    Objects.requireNonNull(redisUrl, "redisUrl");
    Objects.requireNonNull(redisPrefix, "redisPrefix");
    Objects.requireNonNull(role, "role");
    if (threadExpiry.isNegative() || threadExpiry.isZero()) {
      throw new AssistantException("REDIS_THREAD_EXPIRY must be positive, got " + threadExpiry);
    }
    if (workerPrefetch < 1) {
      throw new AssistantException("WORKER_PREFETCH must be at least 1, got " + workerPrefetch);
    }
    if (responseCacheTtl.isNegative() || answeredTtl.isNegative() || answeredTtl.isZero()) {
      throw new AssistantException("RESPONSE_CACHE_TTL and ANSWERED_TTL must not be negative");
    }
  }

  /** The settings from the process environment. */
  public static AssistantSettings fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /** The settings from {@code env}, with the seed's defaults for what is missing. */
  public static AssistantSettings fromEnvironment(Map<String, String> env) {
    return new AssistantSettings(
        get(env, "RABBITMQ_URL", "amqp://guest:guest@localhost:5672/"),
        get(env, "EXCHANGE_NAME", "cosmo_exchange"),
        get(env, "QUEUE_NAME", "cosmo_queue"),
        get(env, "ROUTING_KEY", "cosmo_key"),
        webSocketUrl(get(env, "WEBSOCKET_URL", "ws://localhost:8080/ws")),
        get(env, "REDIS_URL", "redis://localhost:6379/0"),
        get(env, "REDIS_PREFIX", "cosmo:"),
        Duration.ofSeconds(seconds(env, "REDIS_THREAD_EXPIRY", 7_776_000)),
        role(get(env, "SERVICE_ROLE", "all")),
        (int) seconds(env, "WORKER_PREFETCH", 32),
        Duration.ofSeconds(seconds(env, "RESPONSE_CACHE_TTL", 3600)),
        Duration.ofSeconds(seconds(env, "ANSWERED_TTL", 86_400)));
  }

  /** A copy with another prefix (tests give each case its own key space). */
  public AssistantSettings withRedisPrefix(String prefix) {
    return new AssistantSettings(
        rabbitMqUrl,
        exchange,
        queue,
        routingKey,
        webSocketUrl,
        redisUrl,
        prefix,
        threadExpiry,
        role,
        workerPrefetch,
        responseCacheTtl,
        answeredTtl);
  }

  /** A copy with another WebSocket URL. */
  public AssistantSettings withWebSocketUrl(URI url) {
    return new AssistantSettings(
        rabbitMqUrl,
        exchange,
        queue,
        routingKey,
        url,
        redisUrl,
        redisPrefix,
        threadExpiry,
        role,
        workerPrefetch,
        responseCacheTtl,
        answeredTtl);
  }

  /** A copy running only {@code role}. */
  public AssistantSettings withRole(Role role) {
    return new AssistantSettings(
        rabbitMqUrl,
        exchange,
        queue,
        routingKey,
        webSocketUrl,
        redisUrl,
        redisPrefix,
        threadExpiry,
        role,
        workerPrefetch,
        responseCacheTtl,
        answeredTtl);
  }

  /** A copy with another conversation expiry. */
  public AssistantSettings withThreadExpiry(Duration expiry) {
    return new AssistantSettings(
        rabbitMqUrl,
        exchange,
        queue,
        routingKey,
        webSocketUrl,
        redisUrl,
        redisPrefix,
        expiry,
        role,
        workerPrefetch,
        responseCacheTtl,
        answeredTtl);
  }

  /** The port the WebSocket server listens on (from {@link #webSocketUrl()}). */
  public int webSocketPort() {
    int port = webSocketUrl.getPort();
    return port >= 0 ? port : (webSocketUrl.getScheme().equals("wss") ? 443 : 80);
  }

  /** The path of the WebSocket endpoint (from {@link #webSocketUrl()}; {@code /ws} if none). */
  public String webSocketPath() {
    String path = webSocketUrl.getPath();
    return path == null || path.isEmpty() || path.equals("/") ? "/ws" : path;
  }

  /** The name of the dead-letter queue: the queue's name with {@code .dead}. */
  public String deadLetterQueue() {
    return queue + ".dead";
  }

  /** The name of the queue the router feeds the workers through: {@code .work}. */
  public String workQueue() {
    return queue + ".work";
  }

  /** A URL with its password replaced by {@code ***}. */
  static String redact(String url) {
    return url.replaceAll("(//[^:/@]*:)[^@/]*@", "$1***@");
  }

  @Override
  public String toString() {
    return "AssistantSettings[rabbitMqUrl="
        + redact(rabbitMqUrl)
        + ", exchange="
        + exchange
        + ", queue="
        + queue
        + ", routingKey="
        + routingKey
        + ", webSocketUrl="
        + webSocketUrl
        + ", redisUrl="
        + redact(redisUrl)
        + ", redisPrefix="
        + redisPrefix
        + ", threadExpiry="
        + threadExpiry.toSeconds()
        + "s, role="
        + role
        + "]";
  }

  private static String get(Map<String, String> env, String name, String fallback) {
    return Optional.ofNullable(env.get(name)).filter(v -> !v.isBlank()).orElse(fallback);
  }

  private static long seconds(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.strip());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new AssistantException(name + " must be a whole number >= 0, got '" + value + "'");
    }
  }

  private static URI webSocketUrl(String value) {
    try {
      URI uri = URI.create(value);
      if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
        throw new IllegalArgumentException("scheme must be ws or wss");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw new AssistantException(
          "WEBSOCKET_URL must be a ws:// URL like ws://localhost:8080/ws, got '" + value + "'");
    }
  }

  private static Role role(String value) {
    try {
      return Role.valueOf(value.strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new AssistantException(
          "SERVICE_ROLE must be all, worker or websocket, got '" + value + "'");
    }
  }

  private static void requireName(String value, String variable) {
    if (value == null || value.isBlank()) {
      throw new AssistantException(variable + " must not be empty");
    }
  }
}
