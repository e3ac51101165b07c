package dev.processors.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** The exact schedule and the choices of a retry policy, without running a processor. */
class RetryPolicyTest {

  /** An error carrying a server's Retry-After advice. */
  static final class Throttled extends IOException implements RetryAfter {
    private final Optional<Duration> advice;

    Throttled(Optional<Duration> advice) {
      super("429 too many requests");
      this.advice = advice;
    }

    @Override
    public Optional<Duration> retryAfter() {
      return advice;
    }
  }

  private static RetryPolicy.Builder noJitter() {
    return RetryPolicy.builder().jitter(0);
  }

  @Test
  void theDefaultsAreThreeAttemptsFrom200MillisecondsDoublingUpTo10Seconds() {
    RetryPolicy policy = RetryPolicy.defaults();
    assertThat(policy.maxAttempts()).isEqualTo(3);
    assertThat(policy.clock()).isSameAs(Clock.system());
    assertThat(policy.toString())
        .contains("maxAttempts=3", "initialDelay=PT0.2S", "maxDelay=PT10S", "multiplier=2.0");
    Duration first = policy.delayAfter(1, new IOException());
    assertThat(first).isBetween(Duration.ofMillis(160), Duration.ofMillis(240));
  }

  @Test
  void withoutJitterEachWaitIsTheLastTimesTheMultiplierUntilTheCap() {
    RetryPolicy policy =
        noJitter()
            .maxAttempts(10)
            .initialDelay(Duration.ofMillis(100))
            .multiplier(3)
            .maxDelay(Duration.ofSeconds(2))
            .build();
    IOException e = new IOException();
    assertThat(policy.delayAfter(1, e)).isEqualTo(Duration.ofMillis(100));
    assertThat(policy.delayAfter(2, e)).isEqualTo(Duration.ofMillis(300));
    assertThat(policy.delayAfter(3, e)).isEqualTo(Duration.ofMillis(900));
    assertThat(policy.delayAfter(4, e)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(9, e)).isEqualTo(Duration.ofSeconds(2));
    assertThat(policy.delayAfter(0, e))
        .as("no attempt yet: the first wait")
        .isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void jitterSpreadsWaitsBothWaysAroundTheBackoff() {
    RetryPolicy policy =
        RetryPolicy.builder()
            .initialDelay(Duration.ofMillis(1000))
            .jitter(0.5)
            .random(RandomGenerator.of("L64X128MixRandom"))
            .build();
    boolean shorter = false;
    boolean longer = false;
    for (int i = 0; i < 200; i++) {
      long ms = policy.delayAfter(1, new IOException()).toMillis();
      assertThat(ms).isBetween(500L, 1500L);
      shorter |= ms < 900;
      longer |= ms > 1100;
    }
    assertThat(shorter).as("some waits are shorter").isTrue();
    assertThat(longer).as("some waits are longer").isTrue();
  }

  @Test
  void aServersRetryAfterAdviceReplacesTheBackoffUpToItsCap() {
    RetryPolicy policy =
        noJitter()
            .initialDelay(Duration.ofMillis(100))
            .maxRetryAfter(Duration.ofSeconds(30))
            .build();
    assertThat(policy.delayAfter(1, new Throttled(Optional.of(Duration.ofSeconds(7)))))
        .isEqualTo(Duration.ofSeconds(7));
    assertThat(policy.delayAfter(1, new Throttled(Optional.of(Duration.ofSeconds(30)))))
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayAfter(1, new Throttled(Optional.of(Duration.ofMinutes(5)))))
        .as("capped")
        .isEqualTo(Duration.ofSeconds(30));
    assertThat(policy.delayAfter(1, new Throttled(Optional.of(Duration.ZERO))))
        .isEqualTo(Duration.ZERO);
    assertThat(policy.delayAfter(2, new Throttled(Optional.empty())))
        .as("no advice: own backoff")
        .isEqualTo(Duration.ofMillis(200));
    assertThat(policy.delayAfter(2, new Throttled(Optional.of(Duration.ofSeconds(-3)))))
        .as("nonsense advice: own backoff")
        .isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void retriesStopAtMaxAttemptsNeverFollowACancellationAndObeyTheFilter() {
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(3).retryOn(e -> e instanceof IOException).build();
    assertThat(policy.shouldRetry(new IOException(), 1)).isTrue();
    assertThat(policy.shouldRetry(new IOException(), 2)).isTrue();
    assertThat(policy.shouldRetry(new IOException(), 3)).isFalse();
    assertThat(policy.shouldRetry(new IOException(), 4)).isFalse();
    assertThat(policy.shouldRetry(new IllegalArgumentException(), 1)).isFalse();
    assertThat(RetryPolicy.defaults().shouldRetry(new CancellationException(), 1)).isFalse();
    assertThat(RetryPolicy.builder().maxAttempts(1).build().shouldRetry(new IOException(), 1))
        .as("one attempt means no retry")
        .isFalse();
  }

  @Test
  void pauseWaitsTheDelayOnThePolicysClock() throws Exception {
    VirtualClock clock = Clock.virtual();
    RetryPolicy policy = noJitter().initialDelay(Duration.ofMillis(250)).clock(clock).build();
    try (ExecutorService thread = Executors.newVirtualThreadPerTaskExecutor()) {
      Future<?> pausing =
          thread.submit(
              () -> {
                policy.pause(2, new IOException());
                return null;
              });
      assertThat(clock.advanceToNextDeadline()).isEqualTo(Duration.ofMillis(500).toNanos());
      pausing.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void theBuilderRefusesSettingsThatMakeNoSense() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0))
        .hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(Double.NaN))
        .hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(1.0)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(-0.1)).hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().jitter(Double.NaN))
        .hasMessageContaining("jitter");
    assertThatThrownBy(() -> RetryPolicy.builder().initialDelay(Duration.ofMillis(-1)))
        .hasMessageContaining("initialDelay");
    assertThatThrownBy(() -> RetryPolicy.builder().maxDelay(Duration.ofMillis(-1)))
        .hasMessageContaining("maxDelay");
    assertThatThrownBy(() -> RetryPolicy.builder().maxRetryAfter(Duration.ofMillis(-1)))
        .hasMessageContaining("maxRetryAfter");
    assertThatThrownBy(
            () ->
                RetryPolicy.builder()
                    .initialDelay(Duration.ofSeconds(5))
                    .maxDelay(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("shorter than initialDelay");
    assertThatThrownBy(() -> RetryPolicy.builder().retryOn(null)).hasMessageContaining("retryOn");
    assertThatThrownBy(() -> RetryPolicy.builder().clock(null)).hasMessageContaining("clock");
    assertThatThrownBy(() -> RetryPolicy.builder().random(null)).hasMessageContaining("random");
    // The edges that are allowed.
    RetryPolicy edge =
        RetryPolicy.builder()
            .maxAttempts(1)
            .multiplier(1)
            .jitter(0)
            .initialDelay(Duration.ofSeconds(1))
            .maxDelay(Duration.ofSeconds(1))
            .build();
    assertThat(edge.delayAfter(5, new IOException())).isEqualTo(Duration.ofSeconds(1));
  }
}
