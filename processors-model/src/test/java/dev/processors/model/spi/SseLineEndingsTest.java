package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A CR LF line ending split between two reads, at the edges of the read buffer. */
class SseLineEndingsTest {

  private static List<String> read(SseEventReaderTest.ScriptedBody body, List<String> seen)
      throws IOException {
    new SseEventReader(body)
        .readAll((b, o, l) -> seen.add(new String(b, o, l, StandardCharsets.UTF_8)));
    return seen;
  }

  @Test
  void theLineFeedAfterASplitCarriageReturnIsDroppedNotTakenForABlankLine() throws IOException {
    List<String> seen = new ArrayList<>();
    SseEventReaderTest.ScriptedBody body =
        new SseEventReaderTest.ScriptedBody(
            seen, "data: a\r", "\ndata: b\n\ndata: c\n", "data: d\n\n");
    assertThat(read(body, seen)).containsExactly("a\nb", "c\nd");
  }

  @Test
  void aCarriageReturnEndingAFullBufferAndAFullNextReadStillSplitCorrectly() throws IOException {
    // the first read fills the 8 KiB buffer and ends with CR; the next fills it again from LF
    String first = "data: " + "x".repeat(8192 - 6 - 1) + "\r";
    StringBuilder second = new StringBuilder("\n\ndata: y\n\n");
    while (second.length() < 8192) {
      second.append(": keep-alive\n");
    }
    String secondRead = second.substring(0, 8192 - 1) + "\n";
    List<String> events =
        SseEventReaderTest.events(
            (first + secondRead + "data: z\n\n").getBytes(StandardCharsets.UTF_8), 8192);
    assertThat(events).containsExactly("x".repeat(8192 - 7), "y", "z");
  }
}
