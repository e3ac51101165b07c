package dev.processors.assistant;

/**
 * Sends frames to a channel's subscribers, whichever WebSocket server they are connected to: a
 * frame is published on the Redis pub/sub channel {@code frames:<channel>}, to which every
 * WebSocket server with a subscriber of that channel listens.
 *
 * <p>Publishing is asynchronous but keeps the order of issue (one connection); the last frame of a
 * message goes out through {@link ConversationStore#finish}, on the same connection, so it follows
 * the others. Thread-safe.
 */
final class FrameBus {
  private final Redis redis;

  FrameBus(Redis redis) {
    this.redis = redis;
  }

  /** Publishes {@code frame} to the subscribers of {@code channel}, without waiting. */
  void publish(String channel, Frame frame) {
    redis.connection().async().publish(redis.keys().frames(channel), frame.toJson());
  }

  /** Publishes {@code frame} and waits until Redis has it. */
  void publishNow(String channel, Frame frame) {
    redis.sync().publish(redis.keys().frames(channel), frame.toJson());
  }
}
