package dev.processors.model;

/**
 * A generation failed after it had emitted output, was retried, and the retried generation did not
 * repeat what had already been emitted, so it cannot be continued without duplicating or
 * contradicting output. Nothing from the diverging attempt was emitted. Not retryable.
 */
public final class ResumeMismatchException extends ModelException {
  /**
   * A divergence; public so that tests' fakes can throw it.
   *
   * @param provider the provider whose retried generation diverged
   * @param where where the output differed, e.g. {@code "text offset 12"}
   * @param cause the failure that caused the retry, or null
   */
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
