package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The per-channel order on the tests' real Redis (no broker): numbering by the router, waiting for
 * the turn, redeliveries, the announcement that wakes waiters, and the total-wait limit.
 */
class TurnOrderTest {
  private static final Duration EXPIRY = Duration.ofMinutes(10);
  private static final Duration ANSWERED_TTL = Duration.ofMinutes(5);

  private Redis redis;
  private RedisKeys keys;

  @BeforeEach
  void connect() {
    redis = Redis.connect(RealServers.redisUrl(), "turns-" + UUID.randomUUID() + ":");
    keys = redis.keys();
  }

  @AfterEach
  void close() {
    redis.close();
  }

  @Test
  void eachChannelNumbersItsMessagesFrom1AndARedeliveryKeepsItsNumber() {
    try (TurnOrder order = new TurnOrder(redis, EXPIRY, ANSWERED_TTL, false)) {
      assertThat(order.assign("a", "m1")).isEqualTo(1);
      assertThat(order.assign("a", "m2")).isEqualTo(2);
      assertThat(order.assign("b", "m1")).isEqualTo(1);
      assertThat(order.assign("a", "m1")).as("redelivered").isEqualTo(1);
      assertThat(order.assign("a", "m3")).isEqualTo(3);

      assertThat(redis.sync().pttl(keys.seq("a"))).isBetween(1L, EXPIRY.toMillis());
      assertThat(redis.sync().pttl(keys.seqOf("a", "m1"))).isBetween(1L, ANSWERED_TTL.toMillis());
    }
  }

  @Test
  void theFirstMessageIsReadyAndALaterOneWaitsUntilTheOneBeforeIsDone() throws Exception {
    try (TurnOrder order = new TurnOrder(redis, EXPIRY, ANSWERED_TTL, false)) {
      assertThat(order.done("c")).isZero();
      assertThat(order.await("c", 1, Duration.ofSeconds(5))).isEqualTo(TurnOrder.Turn.READY);
      assertThat(order.await("c", 2, Duration.ofMillis(50))).isEqualTo(TurnOrder.Turn.TIMED_OUT);
      assertThat(order.await("c", 2, Duration.ZERO)).isEqualTo(TurnOrder.Turn.TIMED_OUT);

      redis.sync().set(keys.done("c"), "1");

      assertThat(order.done("c")).isEqualTo(1);
      assertThat(order.await("c", 2, Duration.ofSeconds(5))).isEqualTo(TurnOrder.Turn.READY);
      assertThat(order.await("c", 1, Duration.ofSeconds(5)))
          .as("a redelivery of a done message")
          .isEqualTo(TurnOrder.Turn.ALREADY_DONE);
      assertThat(order.await("c", 3, Duration.ZERO)).isEqualTo(TurnOrder.Turn.TIMED_OUT);
    }
  }

  @Test
  void aWaiterSeesTheDoneNumberInRedisWhileItWaits() throws Exception {
    try (TurnOrder order = new TurnOrder(redis, EXPIRY, ANSWERED_TTL, false);
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      var waiting = pool.submit(() -> order.await("c", 2, Duration.ofSeconds(30)));
      awaitWaiter(order, "c");

      redis.sync().set(keys.done("c"), "1");

      assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(TurnOrder.Turn.READY);
    }
  }

  @Test
  void anAnnouncementOnTheTurnsChannelWakesTheWaiterOfThatChannel() throws Exception {
    try (TurnOrder order = new TurnOrder(redis, EXPIRY, ANSWERED_TTL, true);
        var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      assertThat(redis.sync().pubsubNumsub(keys.turns()).get(keys.turns()))
          .as("listening on the turns channel")
          .isEqualTo(1L);
      var other = pool.submit(() -> order.await("other", 2, Duration.ofSeconds(30)));
      var waiting = pool.submit(() -> order.await("c", 3, Duration.ofSeconds(30)));
      awaitWaiter(order, "c");

      // Malformed announcements and other channels' are ignored; Redis's done number stays 0, so
      // only the announcement can wake the waiter.
      for (String noise : new String[] {"nocolon", ":c", "x:c", "5:other-channel", "1:c"}) {
        redis.sync().publish(keys.turns(), noise);
      }
      redis.sync().publish(keys.turns(), "2:c");

      assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(TurnOrder.Turn.READY);
      assertThat(other.isDone()).as("another channel's waiter still waits").isFalse();
      other.cancel(true);
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (redis.sync().pubsubNumsub(keys.turns()).get(keys.turns()) > 0
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(redis.sync().pubsubNumsub(keys.turns()).get(keys.turns()))
        .as("closing stops listening")
        .isZero();
  }

  @Test
  void aMessageHasWaitedTooLongOnceItsFirstWaitIsOlderThanTheLimit() {
    try (TurnOrder order = new TurnOrder(redis, EXPIRY, ANSWERED_TTL, false)) {
      assertThat(order.waitedTooLong("c", 2, Duration.ofMinutes(1))).isFalse();
      assertThat(redis.sync().pttl(keys.waitingSince("c", 2)))
          .isBetween(1L, ANSWERED_TTL.toMillis());
      assertThat(order.waitedTooLong("c", 2, Duration.ofMinutes(1)))
          .as("the first wait counts, not this one")
          .isFalse();

      long twoMinutesAgo = System.currentTimeMillis() - 120_000;
      redis.sync().set(keys.waitingSince("c", 3), Long.toString(twoMinutesAgo));

      assertThat(order.waitedTooLong("c", 3, Duration.ofMinutes(1))).isTrue();
      assertThat(order.waitedTooLong("c", 3, Duration.ofMinutes(5))).isFalse();
      assertThat(redis.sync().get(keys.waitingSince("c", 3)))
          .as("a later wait does not restart the count")
          .isEqualTo(Long.toString(twoMinutesAgo));
    }
  }

  /** Polls (not a fixed sleep) until a waiter of {@code channel} is registered. */
  private static void awaitWaiter(TurnOrder order, String channel) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!order.hasWaiter(channel)) {
      assertThat(System.nanoTime()).as("a waiter of " + channel).isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
