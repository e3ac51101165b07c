package dev.processors.assistant;

import dev.processors.core.PartJson;
import dev.processors.core.ProcessorPart;
import io.lettuce.core.GetExArgs;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Conversation state in Redis: channel → conversation id with a sliding expiry (every access resets
 * it, in one round trip with {@code GETEX}; after expiry the channel starts a new conversation),
 * the conversation's metadata, and for models whose provider keeps no history, the history itself.
 *
 * <p>A message is finished in one atomic script: its last frame is published, the message is marked
 * answered, its turn marked done, and the history and metadata updated, so a worker that dies
 * between the two cannot answer a message twice. Thread-safe.
 */
final class ConversationStore {
  /** The most history entries kept per conversation; older ones are trimmed. */
  static final int HISTORY_LIMIT = 200;

  private static final String FINISH =
      """
      redis.call('PUBLISH', KEYS[1], ARGV[1])
      redis.call('SET', KEYS[2], '1', 'PX', ARGV[2])
      local done = tonumber(redis.call('GET', KEYS[3]) or '0')
      if tonumber(ARGV[3]) > done then
        redis.call('SET', KEYS[3], ARGV[3], 'PX', ARGV[4])
      else
        redis.call('PEXPIRE', KEYS[3], ARGV[4])
      end
      redis.call('PEXPIRE', KEYS[8], ARGV[4])
      if ARGV[6] == '1' then
        redis.call('HINCRBY', KEYS[4], 'message_count', 1)
        redis.call('HSET', KEYS[4], 'last_activity', ARGV[5])
        redis.call('PEXPIRE', KEYS[4], ARGV[4])
        redis.call('PEXPIRE', KEYS[6], ARGV[4])
        local n = tonumber(ARGV[7])
        for i = 1, n do
          redis.call('RPUSH', KEYS[5], ARGV[9 + i])
        end
        if n > 0 then
          redis.call('LTRIM', KEYS[5], -tonumber(ARGV[8]), -1)
          redis.call('PEXPIRE', KEYS[5], ARGV[4])
        end
      end
      redis.call('PUBLISH', KEYS[7], ARGV[3] .. ':' .. ARGV[9])
      return 1
      """;

  /** A channel's conversation. */
  record Conversation(String threadId, boolean isNew) {}

  private static final String BEGIN =
      """
      if redis.call('EXISTS', KEYS[1]) == 1 then
        return {'answered', '', 0}
      end
      local attempts = redis.call('INCR', KEYS[2])
      redis.call('PEXPIRE', KEYS[2], ARGV[1])
      local id = redis.call('GET', KEYS[3])
      if id then
        redis.call('PEXPIRE', KEYS[3], ARGV[2])
        redis.call('PEXPIRE', KEYS[4], ARGV[2])
        redis.call('PEXPIRE', ARGV[3] .. id, ARGV[2])
        return {'existing', id, attempts}
      end
      return {'none', '', attempts}
      """;

  /**
   * What {@link #begin} found: whether the message was answered already, how often it was started
   * (this time included), and the channel's conversation if it has one (its expiry reset).
   */
  record Beginning(boolean answered, long attempts, Optional<String> threadId) {}

  private final Redis redis;
  private final RedisKeys keys;
  private final Duration expiry;
  private final Duration answeredTtl;

  ConversationStore(Redis redis, Duration expiry, Duration answeredTtl) {
    this.redis = redis;
    this.keys = redis.keys();
    this.expiry = expiry;
    this.answeredTtl = answeredTtl;
  }

  /**
   * The channel's conversation, its expiry reset; a new one from {@code newConversation} when the
   * channel has none (never had one, or it expired).
   */
  Conversation open(String channel, Supplier<String> newConversation) {
    RedisCommands<String, String> r = redis.sync();
    String id = r.getex(keys.thread(channel), GetExArgs.Builder.ex(expiry));
    if (id != null) {
      r.pexpire(keys.meta(channel), expiry.toMillis());
      r.pexpire(keys.history(id), expiry.toMillis());
      return new Conversation(id, false);
    }
    String created = newConversation.get();
    String now = Long.toString(System.currentTimeMillis() / 1000);
    String won = r.set(keys.thread(channel), created, SetArgs.Builder.nx().ex(expiry));
    if (won == null) {
      return open(channel, newConversation); // another process started it first
    }
    r.del(keys.meta(channel));
    r.hset(
        keys.meta(channel),
        Map.of(
            "thread_id", created,
            "created_at", now,
            "last_activity", now,
            "message_count", "0"));
    r.pexpire(keys.meta(channel), expiry.toMillis());
    return new Conversation(created, true);
  }

  /**
   * Starts answering {@code message} in one round trip: checks that it was not answered, counts the
   * attempt, and looks up the channel's conversation, resetting its expiry.
   */
  Beginning begin(InboundMessage message) {
    List<Object> r =
        redis
            .sync()
            .eval(
                BEGIN,
                ScriptOutputType.MULTI,
                new String[] {
                  keys.answered(message.channel(), message.messageId()),
                  keys.attempts(message.channel(), message.messageId()),
                  keys.thread(message.channel()),
                  keys.meta(message.channel())
                },
                Long.toString(answeredTtl.toMillis()),
                Long.toString(expiry.toMillis()),
                keys.history(""));
    String status = (String) r.get(0);
    return new Beginning(
        status.equals("answered"),
        ((Number) r.get(2)).longValue(),
        status.equals("existing") ? Optional.of((String) r.get(1)) : Optional.empty());
  }

  /** The channel's conversation id without touching its expiry. */
  Optional<String> peek(String channel) {
    return Optional.ofNullable(redis.sync().get(keys.thread(channel)));
  }

  /** The stored history of a conversation, oldest first, starting at a user part. */
  List<ProcessorPart> history(String conversationId) {
    List<ProcessorPart> parts = new ArrayList<>();
    for (String json : redis.sync().lrange(keys.history(conversationId), 0, -1)) {
      parts.add(PartJson.read(json));
    }
    // Trimming may have cut a tool exchange in two: start at the first user text.
    int start = 0;
    while (start < parts.size()
        && !(parts.get(start).isText() && parts.get(start).role().equals(ProcessorPart.USER))) {
      start++;
    }
    return parts.subList(start, parts.size());
  }

  /**
   * Publishes a message's last frame and records it as answered and its turn as done, in one atomic
   * step; with {@code counted}, also adds {@code historyParts} and counts the message in the
   * metadata.
   */
  void finish(
      InboundMessage message,
      long seq,
      Frame last,
      Optional<String> threadId,
      boolean counted,
      List<ProcessorPart> historyParts) {
    String conversation = threadId.orElse("");
    List<String> args = new ArrayList<>();
    args.add(last.toJson());
    args.add(Long.toString(answeredTtl.toMillis()));
    args.add(Long.toString(seq));
    args.add(Long.toString(expiry.toMillis()));
    args.add(Long.toString(System.currentTimeMillis() / 1000));
    args.add(counted && threadId.isPresent() ? "1" : "0");
    args.add(Integer.toString(historyParts.size()));
    args.add(Integer.toString(HISTORY_LIMIT));
    args.add(message.channel());
    for (ProcessorPart p : historyParts) {
      args.add(PartJson.write(p));
    }
    redis
        .sync()
        .eval(
            FINISH,
            ScriptOutputType.INTEGER,
            new String[] {
              keys.frames(message.channel()),
              keys.answered(message.channel(), message.messageId()),
              keys.done(message.channel()),
              keys.meta(message.channel()),
              keys.history(conversation),
              keys.thread(message.channel()),
              keys.turns(),
              keys.seq(message.channel())
            },
            args.toArray(String[]::new));
  }
}
