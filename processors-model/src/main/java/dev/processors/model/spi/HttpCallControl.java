package dev.processors.model.spi;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A handle on the HTTP call an SDK makes on the current thread, so that the call can be cancelled
 * from our side (which ends a streaming read at once) and the headers of an error response are not
 * lost when the SDK throws ({@code Retry-After}). The SDK's HTTP client reports to it: an
 * interceptor, which the SDKs run on the calling thread for a synchronous call, finds the control
 * with {@link #current()} and hands it the call's cancel action and the error response's headers.
 *
 * <p>It also keeps the time of the call's last sign of life ({@link #received()}), so that a silent
 * stream can be cut by a watch of the model's own ({@link #stall}) instead of by a socket read
 * timeout: a read without a timeout waits without a timer, which matters when deltas come slowly.
 *
 * <p>Opened and closed by the thread that runs the generation; {@link #cancel()}, {@link #stall}
 * and the getters may be called from any thread.
 */
public final class HttpCallControl implements AutoCloseable {
  private static final ThreadLocal<HttpCallControl> CURRENT = new ThreadLocal<>();

  private volatile Runnable cancelCall;
  private volatile UnaryOperator<String> errorHeaders;
  private volatile boolean cancelled;
  private volatile long lastReceived;
  private volatile boolean attached;
  private volatile Duration stalledAfter;
  private final ModelLog log;

  private HttpCallControl(ModelLog log) {
    this.log = log;
  }

  /**
   * Records a sign of life of the stream (an event read); a reader calls it for each event. Cheap:
   * one {@link System#nanoTime()} and one volatile write.
   */
  public void received() {
    lastReceived = System.nanoTime();
  }

  /**
   * The {@link System#nanoTime()} of the last {@link #received()}, or of the start of the HTTP call
   * ({@link #attach}); meaningless before {@link #attached()}.
   */
  long lastReceived() {
    return lastReceived;
  }

  /** True once the HTTP call has started: silence is counted from then on. */
  boolean attached() {
    return attached;
  }

  /**
   * Cuts the call because the stream stayed silent for {@code silence}: {@link #cancel() cancels}
   * it and remembers why, so the failed read is reported as a stalled stream, not a cancellation.
   */
  void stall(Duration silence) {
    stalledAfter = silence;
    cancel();
  }

  /** The silence after which {@link #stall} cut this call, if it did. */
  Optional<Duration> stalledAfter() {
    return Optional.ofNullable(stalledAfter);
  }

  /** Opens a control for the calls the current thread makes until {@link #close()}. */
  static HttpCallControl open() {
    return open(null);
  }

  /** Opens a control whose calls are logged to {@code log} (null: not logged). */
  static HttpCallControl open(ModelLog log) {
    HttpCallControl c = new HttpCallControl(log);
    CURRENT.set(c);
    return c;
  }

  /** The log of a model that logs its requests and responses whole, if this one does. */
  Optional<ModelLog> trafficLog() {
    return log != null && log.traffic() ? Optional.of(log) : Optional.empty();
  }

  /** The control the current thread opened, if any: where an interceptor reports the call. */
  public static Optional<HttpCallControl> current() {
    return Optional.ofNullable(CURRENT.get());
  }

  /**
   * Records how to cancel the call now in flight; if {@link #cancel()} came first, cancels it at
   * once.
   */
  public void attach(Runnable cancelCall) {
    this.cancelCall = cancelCall;
    lastReceived = System.nanoTime();
    attached = true;
    if (cancelled) {
      cancelCall.run();
    }
  }

  /** Records the headers of an error response: a lookup that returns null for a missing header. */
  public void errorResponse(UnaryOperator<String> headers) {
    this.errorHeaders = headers;
  }

  /** Cancels the call in flight (if one was attached): a blocked read fails at once. */
  public void cancel() {
    cancelled = true;
    Runnable c = cancelCall;
    if (c != null) {
      c.run();
    }
  }

  /** The server's Retry-After advice on the last error response, if any. */
  public Optional<Duration> retryAfter() {
    UnaryOperator<String> headers = errorHeaders;
    return headers == null ? Optional.empty() : retryAfter(headers);
  }

  /**
   * Parses {@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date, from a
   * header lookup that returns null for a missing header.
   */
  public static Optional<Duration> retryAfter(UnaryOperator<String> headers) {
    String ms = headers.apply("retry-after-ms");
    if (ms != null) {
      try {
        return Optional.of(Duration.ofMillis((long) Double.parseDouble(ms.trim())));
      } catch (NumberFormatException ignored) {
        // fall through to Retry-After
      }
    }
    String value = headers.apply("Retry-After");
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    try {
      double seconds = Double.parseDouble(value.trim());
      return seconds < 0
          ? Optional.empty()
          : Optional.of(Duration.ofMillis((long) (seconds * 1000)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime when =
            ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
        return Optional.of(d.isNegative() ? Duration.ZERO : d);
      } catch (RuntimeException notDate) {
        return Optional.empty();
      }
    }
  }

  @Override
  public void close() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
  }
}
