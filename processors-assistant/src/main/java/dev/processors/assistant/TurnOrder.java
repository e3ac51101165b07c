package dev.processors.assistant;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps the messages of one channel in order while competing workers answer them (see {@code
 * docs/decisions/0004-per-channel-order-with-competing-workers.md}).
 *
 * <p>The router, which is the single active consumer of the input queue, gives each message the
 * next number of its channel ({@link #assign}); a redelivered message gets the number it had. A
 * worker answers message {@code n} of a channel only once message {@code n-1} is done ({@link
 * #await}); finishing a message sets the channel's done number and announces it on the {@code
 * turns} pub/sub channel, which wakes the waiting workers of every JVM at once (a waiter also looks
 * at Redis every 250 ms, in case it missed the announcement).
 *
 * <p>The channel's counter and done number share one expiry (every assignment and every finish
 * resets both), so they vanish together with the conversation and the next message starts again at
 * 1.
 *
 * <p>Thread-safe. {@link #close()} closes the pub/sub connection; waiters then fall back to
 * polling.
 */
final class TurnOrder implements AutoCloseable {
  /** What {@link #await} found. */
  enum Turn {
    /** The message before this one is done: answer it now. */
    READY,
    /** This message was done already (a redelivery): do not answer it again. */
    ALREADY_DONE,
    /** The wait ran out with the message before still not done. */
    TIMED_OUT
  }

  private static final String ASSIGN =
      """
      redis.call('PEXPIRE', KEYS[3], ARGV[2])
      local s = redis.call('GET', KEYS[2])
      if s then
        redis.call('PEXPIRE', KEYS[1], ARGV[2])
        return tonumber(s)
      end
      local n = redis.call('INCR', KEYS[1])
      redis.call('PEXPIRE', KEYS[1], ARGV[2])
      redis.call('SET', KEYS[2], n, 'PX', ARGV[1])
      return n
      """;

  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final Redis redis;
  private final RedisKeys keys;
  private final Duration expiry;
  private final Duration answeredTtl;
  private final StatefulRedisPubSubConnection<String, String> turns;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private final Map<String, Long> announced = new HashMap<>();
  private final Map<String, Integer> waiting = new HashMap<>();

  TurnOrder(Redis redis, Duration expiry, Duration answeredTtl, boolean listen) {
    this.redis = redis;
    this.keys = redis.keys();
    this.expiry = expiry;
    this.answeredTtl = answeredTtl;
    if (listen) {
      this.turns = redis.pubSub();
      turns.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
              onAnnouncement(message);
            }
          });
      turns.sync().subscribe(keys.turns());
    } else {
      this.turns = null;
    }
  }

  /** The number of {@code messageId} in its channel: the next one, or the one it had. */
  long assign(String channel, String messageId) {
    Long n =
        redis
            .sync()
            .eval(
                ASSIGN,
                ScriptOutputType.INTEGER,
                new String[] {
                  keys.seq(channel), keys.seqOf(channel, messageId), keys.done(channel)
                },
                Long.toString(answeredTtl.toMillis()),
                Long.toString(expiry.toMillis()));
    return n;
  }

  /** The highest number done in the channel (0 if none). */
  long done(String channel) {
    String v = redis.sync().get(keys.done(channel));
    return v == null ? 0 : Long.parseLong(v);
  }

  /**
   * Blocks until message {@code seq} of {@code channel} may be answered, it turns out to be done
   * already, or {@code max} passes.
   */
  Turn await(String channel, long seq, Duration max) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    lock.lock();
    try {
      waiting.merge(channel, 1, Integer::sum);
      long fromRedis = 0;
      long nextPoll = System.nanoTime();
      while (true) {
        if (System.nanoTime() - nextPoll >= 0) {
          fromRedis = freshDone(channel);
          nextPoll = System.nanoTime() + POLL_NANOS;
        }
        long done = Math.max(announced.getOrDefault(channel, 0L), fromRedis);
        if (done >= seq) {
          return Turn.ALREADY_DONE;
        }
        if (done >= seq - 1) {
          return Turn.READY;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return Turn.TIMED_OUT;
        }
        advanced.awaitNanos(Math.min(left, POLL_NANOS));
      }
    } finally {
      if (waiting.merge(channel, -1, Integer::sum) <= 0) {
        waiting.remove(channel);
        announced.remove(channel);
      }
      lock.unlock();
    }
  }

  /**
   * True once message {@code seq} has waited longer than {@code limit} in total, counted from the
   * first time any worker waited for it; then it is answered even though the message before it is
   * not done (that one was lost, e.g. with Redis's data).
   */
  boolean waitedTooLong(String channel, long seq, Duration limit) {
    String key = keys.waitingSince(channel, seq);
    String now = Long.toString(System.currentTimeMillis());
    redis.sync().set(key, now, SetArgs.Builder.nx().px(answeredTtl.toMillis()));
    String since = redis.sync().get(key);
    return since != null && System.currentTimeMillis() - Long.parseLong(since) > limit.toMillis();
  }

  /** True while a thread of this process waits in {@link #await} for a turn of {@code channel}. */
  boolean hasWaiter(String channel) {
    lock.lock();
    try {
      return waiting.containsKey(channel);
    } finally {
      lock.unlock();
    }
  }

  private long freshDone(String channel) {
    lock.unlock();
    try {
      return done(channel);
    } finally {
      lock.lock();
    }
  }

  private void onAnnouncement(String message) {
    int colon = message.indexOf(':');
    if (colon <= 0) {
      return;
    }
    long seq;
    try {
      seq = Long.parseLong(message.substring(0, colon));
    } catch (NumberFormatException e) {
      return;
    }
    String channel = message.substring(colon + 1);
    lock.lock();
    try {
      if (waiting.containsKey(channel)) {
        announced.merge(channel, seq, Math::max);
        advanced.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    if (turns != null) {
      turns.close();
    }
  }
}
