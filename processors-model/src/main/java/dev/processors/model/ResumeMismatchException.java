package dev.processors.model;

/**
 * A generation failed after it had emitted output, was retried, and the retried generation did not
 * repeat what had already been emitted, so it cannot be continued without duplicating or
 * contradicting output. Nothing from the diverging attempt was emitted. Not retryable.
 */
public final class ResumeMismatchException extends LiveException {
  /** A divergence found at {@code where} (e.g. "text offset 12"), after {@code cause} failed. */
  public ResumeMismatchException(String provider, String where, Throwable cause) {
    super(
        provider,
        "the retried generation diverged from the output already emitted at "
            + where
            + "; stopped without emitting anything more (the earlier failure is the cause)",
        -1,
        false,
        null,
        cause);
  }
}
