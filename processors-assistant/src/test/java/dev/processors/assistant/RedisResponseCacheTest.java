package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorCache;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The Redis cache behind the core's cache interface, shared by every process that uses it (on the
 * tests' real Redis; no broker needed).
 */
class RedisResponseCacheTest {
  private static final String PREFIX = "cache-test-" + UUID.randomUUID() + ":";

  @Test
  void anEntryPutByOneProcessIsFoundByAnother() {
    List<ProcessorPart> input = List.of(ProcessorPart.text("What is 2+2?"));
    List<ProcessorPart> output =
        List.of(
            ProcessorPart.text("4").withRole(ProcessorPart.MODEL).withMetadata("k", 1),
            ProcessorPart.jsonOf(Map.of("sum", 4)));
    try (RedisResponseCache one =
            RedisResponseCache.create(RealServers.redisUrl(), PREFIX, Duration.ofMinutes(1));
        RedisResponseCache two =
            RedisResponseCache.create(RealServers.redisUrl(), PREFIX, Duration.ofMinutes(1))) {
      ProcessorCache asInterface = one;

      assertThat(two.get(input)).isEmpty();
      asInterface.put(input, output);

      assertThat(two.get(input)).contains(output);
      assertThat(two.get(List.of(ProcessorPart.text("What is 3+3?")))).isEmpty();
      assertThat(two.hits()).isEqualTo(1);
      assertThat(two.misses()).isEqualTo(2);
      assertThat(one.size()).isEqualTo(1);
      one.clear();
      assertThat(two.get(input)).isEmpty();
    }
  }

  @Test
  void entriesExpireAfterTheirTime() throws Exception {
    List<ProcessorPart> input = List.of(ProcessorPart.text("short-lived"));
    try (RedisResponseCache cache =
        RedisResponseCache.create(RealServers.redisUrl(), PREFIX, Duration.ofMillis(200))) {
      cache.put(input, List.of(ProcessorPart.text("soon gone")));
      assertThat(cache.get(input)).isPresent();

      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (cache.get(input).isPresent() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }

      assertThat(cache.get(input)).isEmpty();
    }
  }

  @Test
  void anEntryLivesItsTimeAndItsKeyDependsOnThePartsAndTheirOrder() {
    String prefix = "cache-ttl-" + UUID.randomUUID() + ":";
    ProcessorPart a = ProcessorPart.text("a");
    ProcessorPart b = ProcessorPart.text("b");
    try (RedisResponseCache cache =
            RedisResponseCache.create(RealServers.redisUrl(), prefix, Duration.ofMinutes(3));
        Redis redis = Redis.connect(RealServers.redisUrl(), prefix)) {
      cache.put(List.of(a, b), List.of(ProcessorPart.text("ab")));

      assertThat(cache.get(List.of(b, a))).isEmpty();
      assertThat(cache.get(List.of(ProcessorPart.text("a\nb")))).isEmpty();
      assertThat(cache.get(List.of(a, b))).contains(List.of(ProcessorPart.text("ab")));
      String key = redis.sync().keys(redis.keys().pattern("cache:")).get(0);
      assertThat(key).matches(java.util.regex.Pattern.quote(prefix) + "cache:[0-9a-f]{64}");
      assertThat(redis.sync().pttl(key)).isBetween(1L, Duration.ofMinutes(3).toMillis());
    }
  }

  @Test
  void anEntryThatCannotBeReadIsAMissAndIsRemoved() {
    String prefix = "cache-bad-" + UUID.randomUUID() + ":";
    List<ProcessorPart> input = List.of(ProcessorPart.text("q"));
    try (RedisResponseCache cache =
            RedisResponseCache.create(RealServers.redisUrl(), prefix, Duration.ofMinutes(1));
        Redis redis = Redis.connect(RealServers.redisUrl(), prefix)) {
      cache.put(input, List.of(ProcessorPart.text("a")));
      String key = redis.sync().keys(redis.keys().pattern("cache:")).get(0);
      redis.sync().set(key, "{not json");

      assertThat(cache.get(input)).isEmpty();
      assertThat(cache.misses()).isEqualTo(1);
      assertThat(cache.hits()).isZero();
      assertThat(redis.sync().exists(key)).isZero();
      assertThat(cache.size()).isZero();
    }
  }

  @Test
  void aCacheOnTheServicesConnectionLeavesItOpenAndRefusesANonPositiveTime() {
    try (Redis redis =
        Redis.connect(RealServers.redisUrl(), "cache-on-" + UUID.randomUUID() + ":")) {
      RedisResponseCache shared = RedisResponseCache.on(redis, Duration.ofSeconds(5));
      shared.close();

      assertThat(redis.sync().ping()).isEqualTo("PONG");
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> RedisResponseCache.on(redis, Duration.ZERO))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ttl must be positive");
    }
  }
}
