package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A channel's conversation expires after REDIS_THREAD_EXPIRY without use; every use resets the
 * expiry. The test uses a 3-second expiry and waits on what Redis reports (the key's TTL, the key
 * disappearing), never on a guess of how long things take.
 */
@ExtendWith(RealServers.class)
class ConversationExpiryTest {
  @Test
  void everyMessageResetsTheExpiryAndAnExpiredChannelStartsANewConversation() throws Exception {
    try (FakeOpenAiServer model = FakeOpenAiServer.start();
        ServiceFixture fixture =
            new ServiceFixture(
                TestSettings.openAi(model.baseUrl(), Map.of("REDIS_THREAD_EXPIRY", "3")));
        Redis redis = fixture.redis();
        FrameClient client = fixture.client("expiring")) {
      model.defaultTurn(FakeTurn.text("ok"));
      String key = redis.keys().thread("expiring");

      fixture.publish("expiring", "m1", "one");
      String first = Frames.untilFinal(client, "m1").get(0).threadId().orElseThrow();
      awaitTtlAtMost(redis, key, 1_800); // more than a second of the expiry has passed
      fixture.publish("expiring", "m2", "two");
      String second = Frames.untilFinal(client, "m2").get(0).threadId().orElseThrow();
      long ttlAfterUse = redis.sync().pttl(key);
      long metaTtl = redis.sync().pttl(redis.keys().meta("expiring"));
      awaitGone(redis, key);
      fixture.publish("expiring", "m3", "three");
      String third = Frames.untilFinal(client, "m3").get(0).threadId().orElseThrow();

      assertThat(second).isEqualTo(first);
      assertThat(ttlAfterUse).as("expiry reset by the second message").isGreaterThan(1_800);
      assertThat(metaTtl).isGreaterThan(1_800);
      assertThat(third).as("a new conversation after expiry").isNotEqualTo(first);
      assertThat(redis.sync().hget(redis.keys().meta("expiring"), "message_count")).isEqualTo("1");
    }
  }

  private static void awaitTtlAtMost(Redis redis, String key, long millis) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (redis.sync().pttl(key) > millis) {
      assertThat(System.nanoTime())
          .as("TTL of %s never fell to %d ms", key, millis)
          .isLessThan(deadline);
      Thread.sleep(20);
    }
  }

  private static void awaitGone(Redis redis, String key) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (redis.sync().exists(key) > 0) {
      assertThat(System.nanoTime()).as("%s never expired", key).isLessThan(deadline);
      Thread.sleep(20);
    }
  }
}
