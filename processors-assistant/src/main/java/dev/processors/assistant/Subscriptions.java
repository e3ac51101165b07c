package dev.processors.assistant;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Which local WebSocket clients follow which channel, and the Redis subscriptions that bring the
 * channels' frames to this server: the first local subscriber of a channel subscribes this server
 * to {@code frames:<channel>}, the last one to leave unsubscribes it. Frames arrive in the order
 * they were published and are handed to each subscriber's outbox.
 *
 * <p>Thread-safe. Delivery runs on the Redis client's event loop and takes no lock, and no lock is
 * held while waiting for Redis, so a subscription never waits for a delivery or the other way
 * round.
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
  private final Map<String, Set<Subscriber>> byChannel = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<?>> active = new HashMap<>();

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

  /**
   * Starts delivering {@code channel}'s frames to {@code subscriber}; returns once this server's
   * Redis subscription is active.
   *
   * @throws AssistantException if Redis does not confirm the subscription within 10 s
   */
  void subscribe(String channel, Subscriber subscriber) {
    CompletableFuture<?> ready;
    lock.lock();
    try {
      Set<Subscriber> set = byChannel.computeIfAbsent(channel, c -> new CopyOnWriteArraySet<>());
      set.add(subscriber);
      ready =
          active.computeIfAbsent(
              channel, c -> pubSub.async().subscribe(keys.frames(c)).toCompletableFuture());
    } finally {
      lock.unlock();
    }
    try {
      ready.get(10, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssistantException("Redis did not confirm the subscription to " + channel, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssistantException("interrupted while subscribing to " + channel, e);
    }
  }

  /** Stops delivering {@code channel}'s frames to {@code subscriber}. */
  void unsubscribe(String channel, Subscriber subscriber) {
    lock.lock();
    try {
      Set<Subscriber> set = byChannel.get(channel);
      if (set != null && set.remove(subscriber) && set.isEmpty()) {
        byChannel.remove(channel);
        active.remove(channel);
        pubSub.async().unsubscribe(keys.frames(channel));
      }
    } finally {
      lock.unlock();
    }
  }

  /** How many channels this server follows. */
  int channels() {
    return byChannel.size();
  }

  private void deliver(String channel, String frame) {
    Set<Subscriber> set = byChannel.get(channel);
    if (set != null) {
      for (Subscriber s : set) {
        s.deliver(frame);
      }
    }
  }

  @Override
  public void close() {
    pubSub.close();
  }
}
