package dev.processors.openai;

import com.openai.core.http.HttpResponseFor;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.StreamedBody;
import java.io.IOException;
import java.util.List;

/**
 * Reads the body of an OpenAI SDK raw streaming response ({@code withRawResponse()}): an error
 * status is left to the SDK ({@link HttpResponseFor#parse()} throws its typed exception, which
 * {@link OpenAiErrors#classify} maps), a success is read by {@link StreamedBody}.
 */
final class OpenAiRawBodies {
  private OpenAiRawBodies() {}

  /**
   * Streams {@code response} into {@code events} on the calling thread, then closes it; on any
   * early exit cancels the HTTP call first, so a blocked read cannot linger.
   */
  static void read(HttpResponseFor<?> response, HttpCallControl call, StreamedBody.Events events)
      throws IOException {
    boolean finished = false;
    try {
      int status = response.statusCode();
      if (status < 200 || status > 299) {
        response.parse(); // throws the SDK's typed error for the status
        throw new IllegalStateException("the OpenAI SDK accepted HTTP " + status);
      }
      List<String> type = response.headers().values("Content-Type");
      StreamedBody.read(
          OpenAiRequests.PROVIDER,
          status,
          type.isEmpty() ? null : type.get(0),
          response.body(),
          events,
          call);
      finished = true;
    } finally {
      if (!finished) {
        call.cancel();
      }
      response.close();
    }
  }
}
