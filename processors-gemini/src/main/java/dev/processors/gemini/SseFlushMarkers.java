package dev.processors.gemini;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Okio;

/**
 * Works around the GenAI SDK's one-event read-ahead: its stream iterator hands over event N only
 * after it has read event N+1, so a pause after an event delays that event by the whole pause. This
 * interceptor appends a tiny marker event ({@value #MARKER_ID} as the response id) after an event
 * whenever nothing more has arrived yet, so the read-ahead finds the marker at once; {@link
 * GenaiModel} skips the markers. Events that arrive back to back get no marker.
 */
final class SseFlushMarkers {
  /** The response id of a marker event. */
  static final String MARKER_ID = "__processors_flush__";

  private static final byte[] MARKER =
      ("data: {\"responseId\":\"" + MARKER_ID + "\"}\n\n").getBytes(StandardCharsets.US_ASCII);

  /** Wraps the body of successful {@code :streamGenerateContent} responses. */
  static final Interceptor INTERCEPTOR =
      chain -> {
        Response response = chain.proceed(chain.request());
        ResponseBody body = response.body();
        if (!response.isSuccessful()
            || body == null
            || !chain.request().url().encodedPath().endsWith(":streamGenerateContent")) {
          return response;
        }
        MediaType type = body.contentType();
        InputStream marked = new MarkingStream(body.byteStream());
        ResponseBody wrapped =
            ResponseBody.create(Okio.buffer(Okio.source(marked)), type, body.contentLength());
        return response.newBuilder().body(wrapped).build();
      };

  private SseFlushMarkers() {}

  /**
   * Passes bytes through and inserts a marker after a blank line that ends an event when that blank
   * line is the last byte received so far.
   */
  static final class MarkingStream extends InputStream {
    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private int markerPos = -1;
    // Event-boundary state carried across reads: length of the current line, and whether the
    // event so far has any content.
    private int lineLength;
    private boolean eventHasContent;

    MarkingStream(InputStream in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (markerPos >= 0) {
        int n = Math.min(len, MARKER.length - markerPos);
        System.arraycopy(MARKER, markerPos, b, off, n);
        markerPos += n;
        if (markerPos == MARKER.length) {
          markerPos = -1;
        }
        return n;
      }
      if (pos == limit) {
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
          return -1;
        }
        pos = 0;
        limit = n;
      }
      // Hand out bytes up to and including the next event boundary, if there is one.
      int end = pos;
      boolean boundary = false;
      int max = Math.min(limit, pos + len);
      while (end < max) {
        byte c = buf[end++];
        if (c == '\n') {
          if (lineLength == 0 && eventHasContent) {
            boundary = true;
            eventHasContent = false;
            break;
          }
          lineLength = 0;
        } else if (c != '\r') {
          lineLength++;
          eventHasContent = true;
        }
      }
      int n = end - pos;
      System.arraycopy(buf, pos, b, off, n);
      pos = end;
      if (boundary && pos == limit && in.available() == 0) {
        markerPos = 0;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      if (markerPos >= 0) {
        return MARKER.length - markerPos;
      }
      return (limit - pos) + in.available();
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
