package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseFlushMarkersTest {
  private static final String MARKER =
      "data: {\"responseId\":\"" + SseFlushMarkers.MARKER_ID + "\"}\n\n";

  /** Hands out one chunk per read, like a socket that received them at different times. */
  private static final class Chunks extends InputStream {
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();

    Chunks(List<String> parts) {
      parts.forEach(p -> chunks.add(p.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      byte[] next = chunks.poll();
      if (next == null) {
        return -1;
      }
      System.arraycopy(next, 0, b, off, next.length);
      return next.length;
    }

    @Override
    public int available() {
      return 0;
    }
  }

  private static String readAll(List<String> chunks) throws IOException {
    try (InputStream in = new SseFlushMarkers.MarkingStream(new Chunks(chunks))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void anEventThatEndsWhatArrivedIsFollowedByAMarker() throws IOException {
    assertThat(readAll(List.of("data: {\"a\":1}\r\n\r\n", "data: {\"b\":2}\n\n")))
        .isEqualTo("data: {\"a\":1}\r\n\r\n" + MARKER + "data: {\"b\":2}\n\n" + MARKER);
  }

  @Test
  void eventsThatArriveTogetherGetOneMarkerAfterTheLast() throws IOException {
    assertThat(readAll(List.of("data: 1\n\ndata: 2\n\n")))
        .isEqualTo("data: 1\n\ndata: 2\n\n" + MARKER);
  }

  @Test
  void aBoundarySplitAcrossReadsIsStillFound() throws IOException {
    assertThat(readAll(List.of("data: 1\r\n", "\r\n", "data: 2\n")))
        .isEqualTo("data: 1\r\n\r\n" + MARKER + "data: 2\n");
  }

  @Test
  void blankLinesWithoutAnEventGetNoMarker() throws IOException {
    assertThat(readAll(List.of("\n\n", ": comment\n"))).isEqualTo("\n\n: comment\n");
  }
}
