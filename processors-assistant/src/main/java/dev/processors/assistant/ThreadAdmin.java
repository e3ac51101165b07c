package dev.processors.assistant;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CLI's conversation maintenance over Redis: statistics, and deleting conversations (all, or
 * those idle for a number of days). Deleting a conversation removes its channel mapping, metadata
 * and stored history; the next message of that channel starts a new conversation. Keys of the
 * per-channel order and of the dedupe are left alone. Thread-safe.
 */
final class ThreadAdmin {
  /** One conversation's metadata. */
  record Thread(
      String channel,
      String threadId,
      long createdAt,
      long lastActivity,
      long messageCount,
      long memoryBytes) {}

  private final Redis redis;

  ThreadAdmin(Redis redis) {
    this.redis = redis;
  }

  /** Every conversation, read with {@code SCAN} (never {@code KEYS}). */
  List<Thread> threads() {
    List<Thread> out = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(redis.keys().pattern("thread:")).limit(500);
    do {
      KeyScanCursor<String> page = redis.sync().scan(cursor, args);
      for (String key : page.getKeys()) {
        String channel = redis.keys().channelOfThreadKey(key);
        String threadId = redis.sync().get(key);
        if (threadId == null) {
          continue; // expired meanwhile
        }
        Map<String, String> meta = redis.sync().hgetall(redis.keys().meta(channel));
        long memory =
            usage(key) + usage(redis.keys().meta(channel)) + usage(redis.keys().history(threadId));
        out.add(
            new Thread(
                channel,
                threadId,
                number(meta.get("created_at")),
                number(meta.get("last_activity")),
                number(meta.get("message_count")),
                memory));
      }
      cursor = page;
    } while (!cursor.isFinished());
    return out;
  }

  /** The conversations whose last activity is older than {@code idle}. */
  List<Thread> idleLongerThan(Duration idle) {
    long cutoff = System.currentTimeMillis() / 1000 - idle.toSeconds();
    return threads().stream().filter(t -> t.lastActivity() < cutoff).toList();
  }

  /** Deletes these conversations; returns how many keys went. */
  long delete(List<Thread> threads) {
    long deleted = 0;
    for (Thread t : threads) {
      deleted +=
          redis
              .sync()
              .del(
                  redis.keys().thread(t.channel()),
                  redis.keys().meta(t.channel()),
                  redis.keys().history(t.threadId()));
    }
    return deleted;
  }

  /** Redis's own figure for the memory it uses, e.g. {@code 1.02M}. */
  Optional<String> usedMemory() {
    for (String line : redis.sync().info("memory").split("\r?\n")) {
      if (line.startsWith("used_memory_human:")) {
        return Optional.of(line.substring("used_memory_human:".length()).strip());
      }
    }
    return Optional.empty();
  }

  private long usage(String key) {
    Long n = redis.sync().memoryUsage(key);
    return n == null ? 0 : n;
  }

  private static long number(String value) {
    try {
      return value == null ? 0 : Long.parseLong(value);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
