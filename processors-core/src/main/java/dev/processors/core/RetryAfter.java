package dev.processors.core;

import java.time.Duration;
import java.util.Optional;

/**
 * Implemented by exceptions that carry a server's advice on when to retry (an HTTP {@code
 * Retry-After} header, say). {@link RetryPolicy} waits that long instead of its own backoff.
 */
public interface RetryAfter {
  /** How long the server asked to wait, if it said. */
  Optional<Duration> retryAfter();
}
