package dev.processors.assistant;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** Settings and environments that give each test its own queues and Redis keys. */
final class TestSettings {
  private TestSettings() {}

  /**
   * The environment of a service for one test: its own exchange, queue and key prefix, the real
   * servers, a WebSocket server on a free port, plus {@code extra}.
   */
  static Map<String, String> environment(Map<String, String> extra) {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("RABBITMQ_URL", RealServers.rabbitUrl());
    env.put("REDIS_URL", RealServers.redisUrl());
    env.put("EXCHANGE_NAME", "t" + id + "_exchange");
    env.put("QUEUE_NAME", "t" + id + "_queue");
    env.put("ROUTING_KEY", "t" + id + "_key");
    env.put("REDIS_PREFIX", "t" + id + ":");
    env.put("WEBSOCKET_URL", "ws://127.0.0.1:0/ws");
    env.putAll(extra);
    return env;
  }

  /** The environment pointing the model at a fake OpenAI server. */
  static Map<String, String> openAi(String baseUrl, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(extra);
    env.put("OPENAI_API_KEY", "test-key");
    env.put("OPENAI_BASE_URL", baseUrl);
    env.put("OPENAI_MODEL", "gpt-test");
    return environment(env);
  }
}
