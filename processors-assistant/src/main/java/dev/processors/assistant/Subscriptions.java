package dev.processors.assistant;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which local WebSocket clients follow which channel, and the Redis subscriptions that bring the
 * channels' frames to this server: the first local subscriber of a channel subscribes this server
 * to {@code frames:<channel>}, the last one to leave unsubscribes it. Frames arrive in the order
 * they were published and are handed to each subscriber's outbox. Thread-safe.
 */
final class Subscriptions implements AutoCloseable {
  /** Receives the frames of the channels it subscribed to. */
  interface Subscriber {
    /** One frame as JSON text; must not block. */
    void deliver(String frameJson);
  }

  private final RedisKeys keys;
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<String, Set<Subscriber>> byChannel = new HashMap<>();

  Subscriptions(Redis redis) {
    this.keys = redis.keys();
    this.pubSub = redis.pubSub();
    String framesPrefix = keys.frames("");
    pubSub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String redisChannel, String message) {
            if (redisChannel.startsWith(framesPrefix)) {
              deliver(redisChannel.substring(framesPrefix.length()), message);
            }
          }
        });
  }

  /** Starts delivering {@code channel}'s frames to {@code subscriber}; returns once subscribed. */
  void subscribe(String channel, Subscriber subscriber) {
    lock.lock();
    try {
      Set<Subscriber> set = byChannel.computeIfAbsent(channel, c -> new LinkedHashSet<>());
      boolean first = set.isEmpty();
      set.add(subscriber);
      if (first) {
        pubSub.sync().subscribe(keys.frames(channel));
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops delivering {@code channel}'s frames to {@code subscriber}. */
  void unsubscribe(String channel, Subscriber subscriber) {
    lock.lock();
    try {
      Set<Subscriber> set = byChannel.get(channel);
      if (set != null && set.remove(subscriber) && set.isEmpty()) {
        byChannel.remove(channel);
        pubSub.async().unsubscribe(keys.frames(channel));
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many channels this server follows. */
  int channels() {
    lock.lock();
    try {
      return byChannel.size();
    } finally {
      lock.unlock();
    }
  }

  private void deliver(String channel, String frame) {
    Subscriber[] targets;
    lock.lock();
    try {
      Set<Subscriber> set = byChannel.get(channel);
      if (set == null) {
        return;
      }
      targets = set.toArray(Subscriber[]::new);
    } finally {
      lock.unlock();
    }
    for (Subscriber s : targets) {
      s.deliver(frame);
    }
  }

  @Override
  public void close() {
    pubSub.close();
  }
}
