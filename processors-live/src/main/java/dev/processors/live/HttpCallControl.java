package dev.processors.live;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * A handle on the HTTP call an SDK makes on the current thread: an OkHttp interceptor records the
 * {@link Call} (so it can be cancelled from our side, which ends a streaming read at once) and the
 * headers of an error response (so {@code Retry-After} is not lost when the SDK throws). The SDKs
 * run interceptors of a synchronous call on the calling thread, so a thread-local slot connects the
 * two.
 *
 * <p>Opened and closed by the thread that runs the generation; {@link #cancel()} may be called from
 * any thread.
 */
final class HttpCallControl implements AutoCloseable {
  private static final ThreadLocal<HttpCallControl> CURRENT = new ThreadLocal<>();

  /** The interceptor to install (first) on every OkHttp client the models use. */
  static final Interceptor INTERCEPTOR =
      chain -> {
        HttpCallControl control = CURRENT.get();
        if (control != null) {
          control.call = chain.call();
          if (control.cancelled) {
            chain.call().cancel();
          }
        }
        Response response = chain.proceed(chain.request());
        if (control != null && !response.isSuccessful()) {
          control.errorHeaders = response.headers();
        }
        return response;
      };

  private volatile Call call;
  private volatile Headers errorHeaders;
  private volatile boolean cancelled;

  private HttpCallControl() {}

  /** Opens a control for the calls the current thread makes until {@link #close()}. */
  static HttpCallControl open() {
    HttpCallControl c = new HttpCallControl();
    CURRENT.set(c);
    return c;
  }

  /** Cancels the call in flight (if the interceptor saw one): a blocked read fails at once. */
  void cancel() {
    cancelled = true;
    Call c = call;
    if (c != null) {
      c.cancel();
    }
  }

  /** Whether an interceptor recorded the call (false for SDK clients built without it). */
  boolean sawCall() {
    return call != null;
  }

  /** The server's Retry-After advice on the last error response, if any. */
  Optional<Duration> retryAfter() {
    return retryAfter(errorHeaders);
  }

  static Optional<Duration> retryAfter(Headers headers) {
    return headers == null ? Optional.empty() : retryAfter(headers::get);
  }

  /**
   * Parses {@code retry-after-ms}, or {@code Retry-After} in seconds or as an HTTP date, from a
   * header lookup that returns null for a missing header.
   */
  static Optional<Duration> retryAfter(java.util.function.UnaryOperator<String> headers) {
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
