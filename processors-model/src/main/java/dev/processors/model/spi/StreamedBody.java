package dev.processors.model.spi;

import dev.processors.model.TruncatedStreamException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * Reads a provider's streamed answer ({@code text/event-stream}) to its end with {@link
 * SseEventReader} and insists that it ended properly: a body that stops without the provider's
 * end-of-stream event, a success status with an empty body and a success status with a body that is
 * not an event stream all fail with a {@link TruncatedStreamException} (retryable) instead of
 * passing for a complete answer.
 *
 * <p>Runs on the calling thread; gives up with a {@link CancellationException} after the event
 * during which the thread was interrupted.
 */
public final class StreamedBody {
  /** A provider's reader of events: turns each into output, and knows its end-of-stream event. */
  public interface Events extends SseEventReader.Handler {
    /** True once the end-of-stream event was read. */
    boolean ended();

    /** The end-of-stream event, as named in errors (e.g. {@code data: [DONE]}). */
    String endEvent();
  }

  private StreamedBody() {}

  /**
   * Reads {@code body} into {@code events}.
   *
   * @param status the HTTP status (a success), named in errors
   * @param contentType the response's Content-Type, or null if it had none
   * @param call the generation's call, told of each event read ({@link HttpCallControl#received()})
   * @throws TruncatedStreamException if the answer did not arrive whole (see the class comment)
   * @throws IOException if reading fails (a dropped connection)
   * @throws ModelException for what {@code events} rejects (an in-stream error, a malformed event)
   */
  public static void read(
      String provider,
      int status,
      String contentType,
      InputStream body,
      Events events,
      HttpCallControl call)
      throws IOException {
    if (contentType != null
        && !contentType.strip().toLowerCase(Locale.ROOT).startsWith("text/event-stream")) {
      throw new TruncatedStreamException(
          provider,
          "HTTP " + status + " came with Content-Type '" + contentType + "', not an event stream",
          status,
          null,
          null);
    }
    SseEventReader.Ending end =
        new SseEventReader(body)
            .readAll(
                (bytes, offset, length) -> {
                  call.received();
                  events.onEvent(bytes, offset, length);
                  if (Thread.currentThread().isInterrupted()) {
                    throw new CancellationException("generation cancelled");
                  }
                });
    if (events.ended()) {
      return;
    }
    String message;
    if (end.bytes() == 0) {
      message = "HTTP " + status + " came with an empty body";
    } else if (end.midEvent()) {
      message = "the stream was cut inside an event, after " + end.events() + " events";
    } else {
      message = "the stream ended after " + end.events() + " events without " + events.endEvent();
    }
    throw new TruncatedStreamException(provider, message, status, null, null);
  }
}
