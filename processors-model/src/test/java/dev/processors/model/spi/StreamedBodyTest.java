package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.model.TruncatedStreamException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A streamed answer is read whole or fails as truncated; it never passes for a complete one. */
class StreamedBodyTest {
  private final HttpCallControl call = HttpCallControl.open();

  /** A provider's reader that collects event data and knows {@code data: [DONE]}. */
  static class Collect implements StreamedBody.Events {
    final List<String> events = new ArrayList<>();
    boolean ended;

    @Override
    public void onEvent(byte[] bytes, int offset, int length) {
      String s = new String(bytes, offset, length, StandardCharsets.UTF_8);
      if (s.equals("[DONE]")) {
        ended = true;
      } else {
        events.add(s);
      }
    }

    @Override
    public boolean ended() {
      return ended;
    }

    @Override
    public String endEvent() {
      return "data: [DONE]";
    }
  }

  @AfterEach
  void close() {
    call.close();
    Thread.interrupted();
  }

  private static InputStream body(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  private Collect read(String contentType, String body) throws IOException {
    Collect c = new Collect();
    StreamedBody.read("acme", 200, contentType, body(body), c, call);
    return c;
  }

  @Test
  void aWholeStreamIsReadAndEachEventIsASignOfLife() throws IOException {
    call.attach(() -> {});
    long attachedAt = call.lastReceived();
    Collect c = read("text/event-stream", "data: {\"a\":1}\n\ndata: {\"b\":2}\n\ndata: [DONE]\n\n");
    assertThat(c.events).containsExactly("{\"a\":1}", "{\"b\":2}");
    assertThat(call.lastReceived() - attachedAt).isPositive();
  }

  @Test
  void theContentTypeMayCarryParametersAnyCaseOrBeMissing() throws IOException {
    assertThat(read(" Text/Event-Stream; charset=utf-8", "data: x\n\ndata: [DONE]\n\n").events)
        .containsExactly("x");
    assertThat(read(null, "data: y\n\ndata: [DONE]\n\n").events).containsExactly("y");
  }

  @Test
  void aSuccessThatIsNotAnEventStreamIsTruncatedNamingItsContentType() {
    assertThatThrownBy(() -> read("text/html", "<html>busy</html>"))
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("HTTP 200 came with Content-Type 'text/html', not an event stream")
        .satisfies(e -> assertThat(((TruncatedStreamException) e).retryable()).isTrue())
        .satisfies(e -> assertThat(((TruncatedStreamException) e).statusCode()).hasValue(200));
  }

  @Test
  void anEmptyBodyIsTruncated() {
    assertThatThrownBy(() -> read("text/event-stream", ""))
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("HTTP 200 came with an empty body");
  }

  @Test
  void aBodyCutInsideAnEventIsTruncatedCountingTheEventsBefore() {
    assertThatThrownBy(() -> read("text/event-stream", "data: a\n\ndata: {\"b\""))
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("the stream was cut inside an event, after 1 events");
  }

  @Test
  void aBodyEndingWithoutTheEndEventIsTruncatedNamingIt() {
    assertThatThrownBy(() -> read("text/event-stream", "data: a\n\ndata: b\n\n"))
        .isInstanceOf(TruncatedStreamException.class)
        .hasMessageContaining("the stream ended after 2 events without data: [DONE]");
  }

  @Test
  void anInterruptedThreadGivesUpAfterTheEventItWasReading() {
    Collect c =
        new Collect() {
          @Override
          public void onEvent(byte[] bytes, int offset, int length) {
            super.onEvent(bytes, offset, length);
            Thread.currentThread().interrupt();
          }
        };
    assertThatThrownBy(
            () ->
                StreamedBody.read(
                    "acme",
                    200,
                    "text/event-stream",
                    body("data: a\n\ndata: b\n\ndata: [DONE]\n\n"),
                    c,
                    call))
        .isInstanceOf(CancellationException.class);
    assertThat(c.events).containsExactly("a");
  }
}
