package dev.processors.core;

import java.time.Duration;

/** A processor wrapped by {@link Processors#timeout} did not finish within its time limit. */
public class ProcessorTimeoutException extends ProcessorException {
  private final Duration limit;

  ProcessorTimeoutException(String stage, Duration limit) {
    super(stage, "did not finish within " + limit, null);
    this.limit = limit;
  }

  /** The time limit that was exceeded. */
  public Duration limit() {
    return limit;
  }
}
