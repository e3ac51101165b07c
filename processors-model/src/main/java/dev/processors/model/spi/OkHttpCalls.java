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
   * An OkHttp client for streaming: bounded connect and idle-read times, no limit on a whole call
   * (an OkHttp call timeout would cut long streams). Before JDK 24, OkHttp's HTTP/2 reader waits
   * inside {@code synchronized} and would pin virtual threads, so HTTP/1.1 is used there.
   *
   * @throws NullPointerException if a timeout is null
   */
  public static OkHttpClient.Builder client(Duration connectTimeout, Duration readTimeout) {
    OkHttpClient.Builder b =
        new OkHttpClient.Builder()
            .connectTimeout(connectTimeout)
            .readTimeout(readTimeout)
            .writeTimeout(readTimeout)
            .callTimeout(Duration.ZERO);
    if (Runtime.version().feature() < 24) {
      b.protocols(List.of(Protocol.HTTP_1_1));
    }
    return b;
  }
}
