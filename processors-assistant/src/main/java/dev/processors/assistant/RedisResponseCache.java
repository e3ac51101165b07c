package dev.processors.assistant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.processors.core.PartJson;
import dev.processors.core.ProcessorCache;
import dev.processors.core.ProcessorPart;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link ProcessorCache} in Redis, shared by every worker: the key is {@code cache:} plus the
 * SHA-256 of the input parts' JSON, the value the output parts' JSON, kept for a fixed time. Give
 * it to a model builder's {@code cache(...)} like the in-memory cache.
 *
 * <pre>{@code
 * ProcessorCache cache = RedisResponseCache.create("redis://localhost:6379/0", "cosmo:", Duration.ofHours(1));
 * GenaiModel model = GenaiModel.builder().model("gemini-2.5-flash").cache(cache).build();
 * }</pre>
 *
 * <p>Thread-safe. {@link #hits()} and {@link #misses()} count this instance's lookups. A Redis
 * failure throws {@link AssistantException} naming the operation (the model's run then fails with
 * it); an entry that cannot be read is treated as a miss and removed.
 */
public final class RedisResponseCache implements ProcessorCache, AutoCloseable {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Redis redis;
  private final boolean owned;
  private final Duration ttl;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  private RedisResponseCache(Redis redis, boolean owned, Duration ttl) {
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("the cache's ttl must be positive, got " + ttl);
    }
    this.redis = redis;
    this.owned = owned;
    this.ttl = ttl;
  }

  /**
   * A cache on its own Redis connection; {@link #close()} closes it.
   *
   * @throws AssistantException if Redis cannot be reached
   */
  public static RedisResponseCache create(String redisUrl, String prefix, Duration ttl) {
    return new RedisResponseCache(Redis.connect(redisUrl, prefix), true, ttl);
  }

  static RedisResponseCache on(Redis redis, Duration ttl) {
    return new RedisResponseCache(redis, false, ttl);
  }

  @Override
  public Optional<List<ProcessorPart>> get(List<ProcessorPart> input) {
    String key = key(input);
    String value;
    try {
      value = redis.sync().get(key);
    } catch (RedisException e) {
      throw new AssistantException("the response cache cannot read Redis: " + e.getMessage(), e);
    }
    if (value == null) {
      misses.incrementAndGet();
      return Optional.empty();
    }
    try {
      List<ProcessorPart> parts = new ArrayList<>();
      for (JsonNode node : MAPPER.readTree(value)) {
        parts.add(PartJson.fromTree(node));
      }
      hits.incrementAndGet();
      return Optional.of(List.copyOf(parts));
    } catch (java.io.IOException | IllegalArgumentException e) {
      redis.sync().del(key);
      misses.incrementAndGet();
      return Optional.empty();
    }
  }

  @Override
  public void put(List<ProcessorPart> input, List<ProcessorPart> output) {
    ArrayNode array = MAPPER.createArrayNode();
    for (ProcessorPart p : output) {
      array.add(PartJson.toTree(p));
    }
    try {
      redis.sync().set(key(input), array.toString(), SetArgs.Builder.px(ttl.toMillis()));
    } catch (RedisException e) {
      throw new AssistantException("the response cache cannot write Redis: " + e.getMessage(), e);
    }
  }

  @Override
  public void clear() {
    for (String key : keys()) {
      redis.sync().del(key);
    }
  }

  @Override
  public long size() {
    return keys().size();
  }

  @Override
  public long hits() {
    return hits.get();
  }

  @Override
  public long misses() {
    return misses.get();
  }

  /** Closes the Redis connection if this cache opened it. */
  @Override
  public void close() {
    if (owned) {
      redis.close();
    }
  }

  private List<String> keys() {
    List<String> keys = new ArrayList<>();
    ScanCursor cursor = ScanCursor.INITIAL;
    ScanArgs args = ScanArgs.Builder.matches(redis.keys().pattern("cache:")).limit(500);
    do {
      KeyScanCursor<String> page = redis.sync().scan(cursor, args);
      keys.addAll(page.getKeys());
      cursor = page;
    } while (!cursor.isFinished());
    return keys;
  }

  private String key(List<ProcessorPart> input) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (ProcessorPart p : input) {
        sha.update(PartJson.write(p).getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
      }
      return redis.keys().cache(HexFormat.of().formatHex(sha.digest()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
