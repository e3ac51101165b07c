package dev.processors.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * When and how long to wait before trying again: exponential backoff with jitter on a {@link
 * Clock}, a maximum number of attempts, a filter of retryable errors, and respect for a server's
 * {@link RetryAfter} advice. Immutable and thread-safe.
 *
 * <pre>{@code
 * RetryPolicy policy = RetryPolicy.builder()
 *     .maxAttempts(4).initialDelay(Duration.ofMillis(200)).maxDelay(Duration.ofSeconds(5))
 *     .retryOn(e -> e instanceof java.io.IOException)
 *     .build();
 * Processor robust = Processors.retry(model, policy);
 * }</pre>
 */
public final class RetryPolicy {
  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final double multiplier;
  private final double jitter;
  private final Duration maxRetryAfter;
  private final Predicate<? super Throwable> retryOn;
  private final Clock clock;
  private final RandomGenerator random;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.multiplier = b.multiplier;
    this.jitter = b.jitter;
    this.maxRetryAfter = b.maxRetryAfter;
    this.retryOn = b.retryOn;
    this.clock = b.clock;
    this.random = b.random;
  }

  /** A builder with the defaults: 3 attempts, 200 ms doubling to at most 10 s, ±20% jitter. */
  public static Builder builder() {
    return new Builder();
  }

  /** The default policy. */
  public static RetryPolicy defaults() {
    return builder().build();
  }

  /** The most attempts, the first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The clock the waits are measured on. */
  public Clock clock() {
    return clock;
  }

  /**
   * Whether to try again after attempt number {@code attempt} (1 for the first) failed with {@code
   * error}. Cancellations are never retried.
   */
  public boolean shouldRetry(Throwable error, int attempt) {
    if (attempt >= maxAttempts || error instanceof CancellationException) {
      return false;
    }
    return retryOn.test(error);
  }

  /**
   * How long to wait after failed attempt number {@code attempt}: the error's {@link RetryAfter}
   * advice if it has one (capped at maxRetryAfter), else {@code initialDelay × multiplier^(attempt
   * - 1)}, capped at maxDelay, with ±jitter.
   */
  public Duration delayAfter(int attempt, Throwable error) {
    Optional<Duration> advice =
        error instanceof RetryAfter ra ? ra.retryAfter() : Optional.<Duration>empty();
    if (advice.isPresent() && !advice.get().isNegative()) {
      return advice.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : advice.get();
    }
    double base = initialDelay.toNanos() * Math.pow(multiplier, Math.max(0, attempt - 1));
    base = Math.min(base, maxDelay.toNanos());
    RandomGenerator r = random == null ? ThreadLocalRandom.current() : random;
    double factor = jitter == 0 ? 1 : 1 + jitter * (2 * r.nextDouble() - 1);
    return Duration.ofNanos((long) (base * factor));
  }

  /** Sleeps on the policy's clock for {@link #delayAfter}. */
  public void pause(int attempt, Throwable error) throws InterruptedException {
    clock.sleep(delayAfter(attempt, error));
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts="
        + maxAttempts
        + ", initialDelay="
        + initialDelay
        + ", maxDelay="
        + maxDelay
        + ", multiplier="
        + multiplier
        + ", jitter="
        + jitter
        + "]";
  }

  /** Builds a {@link RetryPolicy}; every setter validates its argument. */
  public static final class Builder {
    private int maxAttempts = 3;
    private Duration initialDelay = Duration.ofMillis(200);
    private Duration maxDelay = Duration.ofSeconds(10);
    private double multiplier = 2.0;
    private double jitter = 0.2;
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Predicate<? super Throwable> retryOn = e -> true;
    private Clock clock = Clock.system();
    private RandomGenerator random;

    private Builder() {}

    /** The most attempts including the first; at least 1. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /** The wait after the first failure. */
    public Builder initialDelay(Duration delay) {
      this.initialDelay = requireNonNegative(delay, "initialDelay");
      return this;
    }

    /** The longest computed wait. */
    public Builder maxDelay(Duration delay) {
      this.maxDelay = requireNonNegative(delay, "maxDelay");
      return this;
    }

    /** The factor between successive waits; at least 1. */
    public Builder multiplier(double multiplier) {
      if (!(multiplier >= 1)) {
        throw new IllegalArgumentException("multiplier must be >= 1, got " + multiplier);
      }
      this.multiplier = multiplier;
      return this;
    }

    /** The relative random spread of each wait, in [0, 1). */
    public Builder jitter(double jitter) {
      if (!(jitter >= 0 && jitter < 1)) {
        throw new IllegalArgumentException("jitter must be in [0, 1), got " + jitter);
      }
      this.jitter = jitter;
      return this;
    }

    /** The longest wait a server's Retry-After advice may impose. */
    public Builder maxRetryAfter(Duration max) {
      this.maxRetryAfter = requireNonNegative(max, "maxRetryAfter");
      return this;
    }

    /** Which errors are worth retrying (all but cancellations by default). */
    public Builder retryOn(Predicate<? super Throwable> retryOn) {
      this.retryOn = Objects.requireNonNull(retryOn, "retryOn");
      return this;
    }

    /** The clock to wait on (a {@link VirtualClock} in tests). */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The source of jitter (seed it for reproducible tests; used under no lock, so one per policy
     * user).
     */
    public Builder random(RandomGenerator random) {
      this.random = Objects.requireNonNull(random, "random");
      return this;
    }

    /** The policy. */
    public RetryPolicy build() {
      if (maxDelay.compareTo(initialDelay) < 0) {
        throw new IllegalArgumentException(
            "maxDelay " + maxDelay + " is shorter than initialDelay " + initialDelay);
      }
      return new RetryPolicy(this);
    }

    private static Duration requireNonNegative(Duration d, String what) {
      return Checks.notNegative(d, what);
    }
  }
}
