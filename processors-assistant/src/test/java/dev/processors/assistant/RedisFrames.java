package dev.processors.assistant;

import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Every frame published under a Redis prefix, as the WebSocket servers receive them (tests). */
final class RedisFrames implements AutoCloseable {
  private final StatefulRedisPubSubConnection<String, String> pubSub;
  private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
  private final List<Frame> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

  RedisFrames(Redis redis) {
    pubSub = redis.pubSub();
    pubSub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String pattern, String channel, String message) {
            Frame f = Frame.fromJson(message);
            seen.add(f);
            frames.add(f);
          }
        });
    pubSub.sync().psubscribe(redis.keys().frames("*"));
  }

  /** The next frame, or null after 20 s. */
  Frame next() throws InterruptedException {
    return frames.poll(20, TimeUnit.SECONDS);
  }

  /** The frames of {@code messageId} up to its last one; fails after 20 s of quiet. */
  List<Frame> untilFinal(String messageId) throws InterruptedException {
    List<Frame> out = new ArrayList<>();
    while (true) {
      Frame f = next();
      if (f == null) {
        throw new AssertionError("no frame of " + messageId + " within 20 s; got " + out);
      }
      if (f.messageId().orElse("").equals(messageId)) {
        out.add(f);
        if (f.isFinal()) {
          return out;
        }
      }
    }
  }

  /** Every frame received so far. */
  List<Frame> seen() {
    return List.copyOf(seen);
  }

  @Override
  public void close() {
    pubSub.close();
  }
}
