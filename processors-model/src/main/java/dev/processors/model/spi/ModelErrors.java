package dev.processors.model.spi;

import dev.processors.model.AuthenticationException;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelException;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.StreamErrorException;
import java.io.InterruptedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.CancellationException;

/** Maps HTTP statuses and provider error codes to the typed {@link ModelException}s. */
public final class ModelErrors {
  private ModelErrors() {}

  /** The typed error for an HTTP status (or a status reported inside a stream). */
  public static ModelException forStatus(
      String provider, int status, String message, Duration retryAfter, Throwable cause) {
    String text = "HTTP " + status + (message == null || message.isBlank() ? "" : ": " + message);
    if (status == 401 || status == 403) {
      return new AuthenticationException(provider, text, status, retryAfter, cause);
    }
    if (status == 429) {
      return new RateLimitException(provider, text, status, retryAfter, cause);
    }
    if (status == 408 || (status >= 500 && status <= 599)) {
      return new ServerErrorException(provider, text, status, retryAfter, cause);
    }
    if (status >= 400 && status <= 499) {
      return new BadRequestException(provider, text, status, retryAfter, cause);
    }
    return new StreamErrorException(provider, text, status, retryAfter, cause);
  }

  /** True if {@code t} (or a cause) says the current thread was cancelled. */
  public static boolean isCancellation(Throwable t) {
    if (Thread.currentThread().isInterrupted()) {
      return true;
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof CancellationException
          || c instanceof InterruptedException
          || c instanceof ClosedByInterruptException
          || (c instanceof InterruptedIOException
              && !(c instanceof java.net.SocketTimeoutException))) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }

  /** A cancellation to throw for {@code t}, keeping {@code t} as the cause. */
  public static CancellationException cancellation(Throwable t) {
    CancellationException e = new CancellationException("generation cancelled");
    if (t != null && !(t instanceof CancellationException)) {
      e.initCause(t);
    }
    return t instanceof CancellationException ce ? ce : e;
  }

  /** The first non-blank message in the cause chain. */
  public static String describe(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      String m = c.getMessage();
      if (m != null && !m.isBlank()) {
        return c.getClass().getSimpleName() + ": " + m;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return t == null ? "unknown error" : t.getClass().getSimpleName();
  }
}
