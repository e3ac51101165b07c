package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SseEventReaderTest {

  /** Serves the given pieces, one per read call, and records how many events were out by then. */
  static final class ScriptedBody extends InputStream {
    private final List<byte[]> pieces = new ArrayList<>();
    private final List<String> seen;
    final List<Integer> eventsBeforeRead = new ArrayList<>();
    private int next;

    ScriptedBody(List<String> seen, String... pieces) {
      this.seen = seen;
      for (String p : pieces) {
        this.pieces.add(p.getBytes(StandardCharsets.UTF_8));
      }
    }

    @Override
    public int read() {
      throw new UnsupportedOperationException("the reader reads in blocks");
    }

    @Override
    public int read(byte[] b, int off, int len) {
      eventsBeforeRead.add(seen.size());
      if (next == pieces.size()) {
        return -1;
      }
      byte[] p = pieces.get(next++);
      if (p.length > len) {
        throw new IllegalStateException("a piece larger than the reader's buffer");
      }
      System.arraycopy(p, 0, b, off, p.length);
      return p.length;
    }
  }

  /** Reads {@code body} in reads of at most {@code chunk} bytes. */
  static List<String> events(byte[] body, int chunk) throws IOException {
    List<String> events = new ArrayList<>();
    InputStream in =
        new InputStream() {
          int pos;

          @Override
          public int read() {
            throw new UnsupportedOperationException();
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (pos == body.length) {
              return -1;
            }
            int n = Math.min(Math.min(len, chunk), body.length - pos);
            System.arraycopy(body, pos, b, off, n);
            pos += n;
            return n;
          }
        };
    new SseEventReader(in)
        .readAll((b, o, l) -> events.add(new String(b, o, l, StandardCharsets.UTF_8)));
    return events;
  }

  static List<String> events(String body) throws IOException {
    return events(body.getBytes(StandardCharsets.UTF_8), 8192);
  }

  static byte[] fixture(String name) {
    try (InputStream in = SseEventReaderTest.class.getResourceAsStream("/wire/" + name)) {
      return in.readAllBytes();
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("missing wire fixture " + name, e);
    }
  }

  @Test
  void eventsAreSplitOnBlankLinesWhateverTheLineEnding() throws IOException {
    assertThat(events("data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\n\n"))
        .containsExactly("a", "b", "c", "d");
  }

  @Test
  void dataLinesOfOneEventAreJoinedWithLineFeeds() throws IOException {
    assertThat(events("data: {\ndata: \"x\": 1\r\ndata:}\n\n")).containsExactly("{\n\"x\": 1\n}");
  }

  @Test
  void commentsOtherFieldsAndEventsWithoutDataAreSkipped() throws IOException {
    assertThat(
            events(
                ": keep-alive\n\nevent: response.created\nid: 7\nretry: 100\ndata: a\n\n"
                    + "event: nothing\n\n"))
        .containsExactly("a");
  }

  @Test
  void theSpaceAfterTheColonIsOptionalAndOnlyOneIsRemoved() throws IOException {
    assertThat(events("data:a\n\ndata:  b\n\n")).containsExactly("a", " b");
  }

  @Test
  void anEventIsHandedOverBeforeAnyMoreOfTheBodyIsRead() throws IOException {
    List<String> seen = new ArrayList<>();
    ScriptedBody body = new ScriptedBody(seen, "data: one\n", "\n", "data: two\n\n");
    new SseEventReader(body)
        .readAll((b, o, l) -> seen.add(new String(b, o, l, StandardCharsets.UTF_8)));
    assertThat(seen).containsExactly("one", "two");
    // Reads: 1st (nothing yet), 2nd (still inside event one), 3rd after "one" went out, then EOF.
    assertThat(body.eventsBeforeRead).containsExactly(0, 0, 1, 2);
  }

  @Test
  void aCarriageReturnEndingOneReadAndTheLineFeedStartingTheNextEndOneLine() throws IOException {
    List<String> seen = new ArrayList<>();
    ScriptedBody body = new ScriptedBody(seen, "data: a\r", "\ndata: b\r\n\r\n");
    new SseEventReader(body)
        .readAll((b, o, l) -> seen.add(new String(b, o, l, StandardCharsets.UTF_8)));
    assertThat(seen).containsExactly("a\nb");
  }

  @Test
  void anEventLargerThanTheReadBufferArrivesWhole() throws IOException {
    String big = "x".repeat(100_000);
    assertThat(events("data: " + big + "\ndata: " + big + "\n\ndata: small\n\n"))
        .containsExactly(big + "\n" + big, "small");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"chat-text.sse", "chat-tools.sse", "responses-text.sse", "gemini-tools.sse"})
  void everySplitOfARecordedBodyGivesTheSameEvents(String name) throws IOException {
    byte[] body = fixture(name);
    List<String> whole = events(body, body.length);
    assertThat(whole).isNotEmpty();
    for (int chunk : new int[] {1, 2, 3, 7, 64, 500}) {
      assertThat(events(body, chunk)).as("reads of %d bytes", chunk).isEqualTo(whole);
    }
  }

  @Test
  void theEndingTellsHowTheBodyStopped() throws IOException {
    assertThat(ending("data: a\n\n")).isEqualTo(new SseEventReader.Ending(9, 1, false));
    assertThat(ending("data: a\n\ndata: b")).isEqualTo(new SseEventReader.Ending(16, 1, true));
    assertThat(ending("data: a\n\ndata: b\n")).isEqualTo(new SseEventReader.Ending(17, 1, true));
    assertThat(ending("")).isEqualTo(new SseEventReader.Ending(0, 0, false));
  }

  private static SseEventReader.Ending ending(String body) {
    try {
      return new SseEventReader(
              new java.io.ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
          .readAll((b, o, l) -> {});
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
