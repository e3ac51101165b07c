package dev.processors.model.spi;

import java.time.Duration;
import java.util.List;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The OkHttp client settings the SDK-based models share (both provider SDKs stream over OkHttp),
 * and the interceptor behind their cancellation. OkHttp is an optional dependency of this module:
 * the provider modules bring it with their SDK; nothing else in this module needs it. Thread-safe.
 */
public final class OkHttpCalls {
  /**
   * Reports each call to the {@link HttpCallControl} of the calling thread: how to cancel it, and
   * the headers of an error response; and, when the model logs its requests, the request line and
   * headers (credentials redacted). To install first on every OkHttp client the models use.
   */
  public static final Interceptor INTERCEPTOR =
      chain -> {
        HttpCallControl control = HttpCallControl.current().orElse(null);
        if (control != null) {
          control.attach(chain.call()::cancel);
          Request request = chain.request();
          control
              .trafficLog()
              .ifPresent(
                  log ->
                      log.http(
                          request.method(),
                          request.url().toString(),
                          request.headers().names(),
                          request::header));
        }
        Response response = chain.proceed(chain.request());
        if (control != null && !response.isSuccessful()) {
          control.errorResponse(response.headers()::get);
        }
        return response;
      };

  private OkHttpCalls() {}

  /**
   * An OkHttp client for streaming: bounded connect and write times, no socket read timeout and no
   * limit on a whole call (an OkHttp call timeout would cut long streams). The silence allowed
   * while reading ({@code readTimeout}) is enforced by {@link ModelRunner}'s watch of the call
   * instead: a socket read with a timeout is a timed wait, which on a virtual thread costs several
   * scheduler wake-ups per event and, in OkHttp, a wake-up of its watchdog thread; a read without
   * one waits for data alone. Before JDK 24, OkHttp's HTTP/2 reader waits inside {@code
   * synchronized} and would pin virtual threads, so HTTP/1.1 is used there.
   *
   * <p>A client built here is for calls run by a {@link ModelRunner}: elsewhere nothing would limit
   * a silent read.
   *
   * @param connectTimeout the longest wait for a connection
   * @param writeTimeout the longest wait while writing the request
   * @throws NullPointerException if a timeout is null
   */
  public static OkHttpClient.Builder client(Duration connectTimeout, Duration writeTimeout) {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(Duration.ZERO)
            .writeTimeout(writeTimeout)
            .callTimeout(Duration.ZERO);
    if (Runtime.version().feature() < 24) {
      b.protocols(List.of(Protocol.HTTP_1_1));
    }
    return b;
  }
}
