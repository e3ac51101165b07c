package dev.processors.gemini;

import java.util.Optional;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Takes the streamed body of a successful Gemini {@code :streamGenerateContent} response away from
 * the GenAI SDK, which has no raw-response API, so that {@link GeminiStreamReader} can read it: the
 * SDK still builds, authenticates and sends the request and still throws its typed errors for an
 * error status, but is handed an empty body while the real response waits here for the thread that
 * opened the tap. Like {@link HttpCallControl}, it relies on the SDK running the interceptors of a
 * synchronous call on the calling thread.
 *
 * <p>Opened and closed by the thread that runs the generation. The interceptor must be the last one
 * added to the OkHttp client (the closest to the network), after {@link
 * HttpCallControl#INTERCEPTOR}.
 */
final class GeminiBodyTap implements AutoCloseable {
  private static final ThreadLocal<GeminiBodyTap> CURRENT = new ThreadLocal<>();
  private static final MediaType EVENT_STREAM = MediaType.get("text/event-stream");

  /** The interceptor to add, last, to the OkHttp client of the GenAI {@code Client}. */
  static final Interceptor INTERCEPTOR =
      chain -> {
        Response response = chain.proceed(chain.request());
        GeminiBodyTap tap = CURRENT.get();
        if (tap == null
            || !response.isSuccessful()
            || response.body() == null
            || !chain.request().url().encodedPath().endsWith(":streamGenerateContent")) {
          return response;
        }
        tap.response = response;
        return response.newBuilder().body(ResponseBody.create(new byte[0], EVENT_STREAM)).build();
      };

  private Response response;

  private GeminiBodyTap() {}

  /** Opens a tap for the next streaming call the current thread makes. */
  static GeminiBodyTap open() {
    GeminiBodyTap tap = new GeminiBodyTap();
    CURRENT.set(tap);
    return tap;
  }

  /** The response taken from the SDK, if the interceptor saw one. */
  Optional<Response> response() {
    return Optional.ofNullable(response);
  }

  /** Closes the taken response (if any) and the tap. */
  @Override
  public void close() {
    if (CURRENT.get() == this) {
      CURRENT.remove();
    }
    if (response != null) {
      response.close();
    }
  }
}
