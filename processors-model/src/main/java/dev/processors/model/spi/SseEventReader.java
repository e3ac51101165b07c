package dev.processors.model.spi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a {@code text/event-stream} body into events as its bytes arrive and hands each event's
 * {@code data} to a handler, as bytes, the moment the blank line that ends the event is read: never
 * waiting for more input than one event needs.
 *
 * <p>Follows the SSE framing rules: lines end with CR LF, LF or CR; {@code data:} lines of one
 * event are joined with LF; comment lines ({@code :} first) are skipped; other fields ({@code
 * event}, {@code id}, {@code retry}) are ignored, since every provider read here names the event
 * inside its JSON. An event without data is not dispatched. The data of a one-line event is passed
 * as a slice of the read buffer (no copy), valid only during the call.
 *
 * <p>Used by one thread; not reusable across bodies.
 */
public final class SseEventReader {
  /** Receives each event's data. */
  public interface Handler {
    /**
     * One event's data, {@code length} bytes of {@code bytes} from {@code offset} (UTF-8).
     *
     * @throws IOException to stop reading (propagated by {@link #readAll})
     */
    void onEvent(byte[] bytes, int offset, int length) throws IOException;
  }

  /**
   * How a body ended.
   *
   * @param bytes bytes read in all
   * @param events events dispatched
   * @param midEvent true if the body ended inside an event (data read but no blank line after it)
   */
  record Ending(long bytes, long events, boolean midEvent) {}

  private static final int DATA_FIELD = 4; // "data".length()

  private final InputStream in;
  private byte[] buf = new byte[8192];
  private int start;
  private int limit;
  private boolean skipLf; // the last line ended with CR: a LF at the start of the next read ends it

  // Data of the event being read: a slice of buf while it is one line, else copied into data.
  private byte[] data = new byte[1024];
  private int dataLength;
  private int dataLines;
  private int sliceOffset;
  private int sliceLength;
  private long bytes;
  private long events;

  SseEventReader(InputStream in) {
    this.in = in;
  }

  /** Reads to the end of the body, dispatching each complete event to {@code handler}. */
  Ending readAll(Handler handler) throws IOException {
    while (true) {
      int lineEnd;
      while ((lineEnd = lineEnd()) >= 0) {
        int next = lineEnd + 1;
        if (buf[lineEnd] == '\r') {
          if (next < limit) {
            if (buf[next] == '\n') {
              next++;
            }
          } else {
            skipLf = true;
          }
        }
        line(start, lineEnd, handler);
        start = next;
      }
      if (!fill()) {
        boolean midEvent = dataLines > 0 || start < limit;
        return new Ending(bytes, events, midEvent);
      }
    }
  }

  /** The index of the first CR or LF in {@code buf[start, limit)}, or -1. */
  private int lineEnd() {
    byte[] b = buf;
    for (int i = start; i < limit; i++) {
      byte c = b[i];
      if (c == '\n' || c == '\r') {
        return i;
      }
    }
    return -1;
  }

  /** Reads more bytes after what is pending; false at the end of the body. */
  private boolean fill() throws IOException {
    if (dataLines == 1) {
      // The one-line event's data is a slice of buf: keep it by copying it out before compacting.
      copySliceToData();
    }
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, limit - start);
      limit -= start;
      start = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      return false;
    }
    bytes += n;
    if (skipLf && n > 0) {
      skipLf = false;
      if (buf[limit] == '\n') {
        System.arraycopy(buf, limit + 1, buf, limit, n - 1);
        n--;
      }
    }
    limit += n;
    return true;
  }

  private void line(int from, int to, Handler handler) throws IOException {
    if (from == to) {
      dispatch(handler);
      return;
    }
    byte[] b = buf;
    if (b[from] == ':') {
      return; // a comment (keep-alive)
    }
    int colon = -1;
    for (int i = from; i < to; i++) {
      if (b[i] == ':') {
        colon = i;
        break;
      }
    }
    int nameEnd = colon < 0 ? to : colon;
    if (nameEnd - from != DATA_FIELD
        || b[from] != 'd'
        || b[from + 1] != 'a'
        || b[from + 2] != 't'
        || b[from + 3] != 'a') {
      return; // event, id, retry or an unknown field
    }
    int valueStart = colon < 0 ? to : colon + 1;
    if (valueStart < to && b[valueStart] == ' ') {
      valueStart++;
    }
    int length = to - valueStart;
    if (dataLines == 0) {
      sliceOffset = valueStart;
      sliceLength = length;
    } else {
      if (dataLines == 1) {
        copySliceToData();
      }
      ensureData(dataLength + 1 + length);
      data[dataLength++] = '\n';
      System.arraycopy(b, valueStart, data, dataLength, length);
      dataLength += length;
    }
    dataLines++;
  }

  private void copySliceToData() {
    ensureData(sliceLength);
    System.arraycopy(buf, sliceOffset, data, 0, sliceLength);
    dataLength = sliceLength;
    dataLines = 2; // from now on the data lives in data[]; the count only needs to exceed 1
  }

  private void ensureData(int size) {
    if (data.length < size) {
      data = Arrays.copyOf(data, Math.max(size, data.length * 2));
    }
  }

  private void dispatch(Handler handler) throws IOException {
    if (dataLines == 0) {
      return;
    }
    events++;
    if (dataLines == 1) {
      dataLines = 0;
      handler.onEvent(buf, sliceOffset, sliceLength);
    } else {
      dataLines = 0;
      int length = dataLength;
      dataLength = 0;
      handler.onEvent(data, 0, length);
    }
  }
}
