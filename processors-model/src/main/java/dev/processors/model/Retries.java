package dev.processors.model;

import dev.processors.core.RetryPolicy;
import java.time.Duration;

/** The model processors' default retry policy. */
final class Retries {
  private static final RetryPolicy DEFAULT =
      RetryPolicy.builder()
          .maxAttempts(3)
          .initialDelay(Duration.ofMillis(500))
          .maxDelay(Duration.ofSeconds(8))
          .jitter(0.2)
          .retryOn(t -> t instanceof ModelException e && e.retryable())
          .build();

  private Retries() {}

  /** 3 attempts, 500 ms doubling to 8 s, ±20% jitter, on retryable {@link ModelException}s. */
  static RetryPolicy defaultPolicy() {
    return DEFAULT;
  }
}
