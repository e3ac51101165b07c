package dev.processors.assistant;

/**
 * The names of the service's Redis keys and pub/sub channels, all under one prefix ({@code
 * REDIS_PREFIX}, default {@code cosmo:}).
 *
 * <ul>
 *   <li>{@code thread:<channel>}: the channel's conversation id (sliding expiry);
 *   <li>{@code meta:<channel>}: a hash with {@code thread_id}, {@code created_at}, {@code
 *       last_activity} (epoch seconds) and {@code message_count} (sliding expiry);
 *   <li>{@code history:<conversation>}: part JSON of the conversation, for models whose provider
 *       keeps no history (sliding expiry);
 *   <li>{@code seq:<channel>}, {@code seqof:<channel>:<message_id>}, {@code done:<channel>}: the
 *       per-channel order (see {@link TurnOrder});
 *   <li>{@code answered:<channel>:<message_id>}: marks an answered message (redelivery dedupe);
 *   <li>{@code attempts:<channel>:<message_id>}: how often a worker started the message;
 *   <li>{@code waitsince:<channel>:<n>}: when a worker first waited for message {@code n}'s turn;
 *   <li>{@code cache:<sha-256>}: the shared response cache;
 *   <li>pub/sub {@code frames:<channel>}: the frames of a channel; {@code turns}: a channel's
 *       message was finished.
 * </ul>
 */
record RedisKeys(String prefix) {

  String thread(String channel) {
    return prefix + "thread:" + channel;
  }

  String meta(String channel) {
    return prefix + "meta:" + channel;
  }

  String history(String conversationId) {
    return prefix + "history:" + conversationId;
  }

  String seq(String channel) {
    return prefix + "seq:" + channel;
  }

  String seqOf(String channel, String messageId) {
    return prefix + "seqof:" + channel + ":" + messageId;
  }

  String done(String channel) {
    return prefix + "done:" + channel;
  }

  String answered(String channel, String messageId) {
    return prefix + "answered:" + channel + ":" + messageId;
  }

  String waitingSince(String channel, long seq) {
    return prefix + "waitsince:" + channel + ":" + seq;
  }

  String attempts(String channel, String messageId) {
    return prefix + "attempts:" + channel + ":" + messageId;
  }

  String cache(String digest) {
    return prefix + "cache:" + digest;
  }

  String frames(String channel) {
    return prefix + "frames:" + channel;
  }

  String turns() {
    return prefix + "turns";
  }

  /** A SCAN pattern matching every key starting with {@code prefix + kind}. */
  String pattern(String kind) {
    return escapeGlob(prefix + kind) + "*";
  }

  /** The channel named by a {@code thread:} key. */
  String channelOfThreadKey(String key) {
    return key.substring((prefix + "thread:").length());
  }

  private static String escapeGlob(String s) {
    StringBuilder sb = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.toString();
  }
}
