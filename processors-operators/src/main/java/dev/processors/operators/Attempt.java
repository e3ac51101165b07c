package dev.processors.operators;

import java.time.Duration;
import java.util.Optional;

/**
 * One round of the validation loop: what the model answered and, if it was rejected, why (the exact
 * text sent back to it) and how long the generator waited before the next round.
 *
 * @param number 1 for the first attempt
 * @param answer the model's answer as received (empty when the call itself failed)
 * @param error why the answer was rejected; empty for the accepted one
 * @param backoff the wait before the next attempt ({@code ZERO} after the last one)
 */
public record Attempt(int number, String answer, Optional<String> error, Duration backoff) {

  /** Whether this attempt's answer became the operator. */
  public boolean accepted() {
    return error.isEmpty();
  }
}
