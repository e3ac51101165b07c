package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorCache;
import dev.processors.core.ProcessorPart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Redis cache behind the core's cache interface, shared by every process that uses it. */
@ExtendWith(RealServers.class)
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
}
