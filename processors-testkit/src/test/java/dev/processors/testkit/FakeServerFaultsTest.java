package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The faults the HTTP fakes inject, as a raw client sees them on the wire: every cut at every
 * event, empty and HTML bodies, stalls, garbage. Each test also checks that nothing is left
 * running.
 */
@ExtendWith(LeakCheck.class)
@Timeout(60)
class FakeServerFaultsTest {
  private static final Duration READ = Duration.ofSeconds(10);
  private static final List<String> DELTAS = List.of("Hel", "lo, ", "wor", "ld");

  private FakeModelServer fake;

  @AfterEach
  void stop() {
    if (fake != null) {
      fake.close();
    }
  }

  private FakeModelServer start(Wire wire) {
    fake = wire.start(false);
    return fake;
  }

  private static FakeTurn.Builder answer() {
    FakeTurn.Builder b = FakeTurn.builder();
    DELTAS.forEach(b::text);
    return b;
  }

  private RawResponse call(Wire wire, FakeTurn turn, Duration read) throws Exception {
    fake.enqueue(turn);
    return RawResponse.post(wire.url(fake), wire.request("hi"), read);
  }

  /** How many events a stream cut at event {@code index} must show, given the uncut stream. */
  private static int expectedEvents(Wire wire, int uncut, int index) {
    return Math.min(index, wire.terminalIsSeparate() ? uncut - 1 : uncut);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void anUncutStreamEndsWithItsTerminalEvent(Wire wire) throws Exception {
    start(wire);
    RawResponse r = call(wire, answer().build(), READ);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.contentType()).startsWith("text/event-stream");
    assertThat(r.endedProperly()).isTrue();
    List<String> events = r.events();
    assertThat(wire.terminal(events.get(events.size() - 1))).isTrue();
    assertThat(events.stream().map(wire::text)).containsSubsequence(DELTAS);
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aCleanCutAtAnyEventEndsTheBodyProperlyWithoutTheTerminalEvent(Wire wire) throws Exception {
    start(wire);
    int uncut = call(wire, answer().build(), READ).events().size();
    for (int i = 0; i <= uncut + 1; i++) {
      RawResponse r = call(wire, answer().cutAtEvent(i, Cut.CLEAN).build(), READ);
      assertThat(r.endedProperly()).as("cut at %d ends the body properly", i).isTrue();
      List<String> events = r.events();
      assertThat(events).as("cut at %d", i).hasSize(expectedEvents(wire, uncut, i));
      assertThat(events).noneMatch(wire::terminal);
      assertThat(r.text()).as("nothing after the last whole event").endsWith(lastEnd(r.text()));
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aCleanCutMidEventEndsTheBodyProperlyInsideAnEvent(Wire wire) throws Exception {
    start(wire);
    int uncut = call(wire, answer().build(), READ).events().size();
    for (int i = 0; i <= uncut; i++) {
      RawResponse r = call(wire, answer().cutAtEvent(i, Cut.CLEAN_MID_EVENT).build(), READ);
      assertThat(r.endedProperly()).isTrue();
      assertThat(r.events()).as("cut at %d", i).hasSize(expectedEvents(wire, uncut, i));
      assertThat(r.events()).noneMatch(wire::terminal);
      String tail = r.text().substring(r.text().lastIndexOf("\n\n") + 2);
      assertThat(tail).as("half an event after the whole ones").isNotBlank();
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aDropAtAnyEventBreaksTheBody(Wire wire) throws Exception {
    start(wire);
    int uncut = call(wire, answer().build(), READ).events().size();
    for (Cut kind : List.of(Cut.DROP, Cut.DROP_MID_EVENT)) {
      for (int i = 0; i <= uncut; i++) {
        RawResponse r = call(wire, answer().cutAtEvent(i, kind).build(), READ);
        assertThat(r.failure()).as("%s at %d", kind, i).isPresent();
        assertThat(r.events()).hasSize(expectedEvents(wire, uncut, i));
        assertThat(r.events()).noneMatch(wire::terminal);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aCutStepStopsTheScriptWhereItStands(Wire wire) throws Exception {
    start(wire);
    RawResponse r =
        call(wire, FakeTurn.builder().text("a").cut(Cut.CLEAN).text("never").build(), READ);
    assertThat(r.endedProperly()).isTrue();
    assertThat(r.events().stream().map(wire::text)).contains("a").doesNotContain("never");
    assertThat(r.events()).noneMatch(wire::terminal);
    RawResponse mid =
        call(wire, FakeTurn.builder().text("a").cut(Cut.DROP_MID_EVENT).text("b").build(), READ);
    assertThat(mid.failure()).isPresent();
    assertThat(mid.events().stream().map(wire::text)).contains("a").doesNotContain("b");
    assertThat(mid.text()).as("half of the event of b").doesNotEndWith("\n");
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void anEmptyBodyAndAnHtmlPageComeWithStatus200(Wire wire) throws Exception {
    start(wire);
    RawResponse empty = call(wire, FakeTurn.emptyBody(), READ);
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.contentType()).isEqualTo("text/event-stream");
    assertThat(empty.body()).isEmpty();
    assertThat(empty.endedProperly()).isTrue();
    RawResponse html = call(wire, FakeTurn.htmlPage(), READ);
    assertThat(html.status()).isEqualTo(200);
    assertThat(html.contentType()).startsWith("text/html");
    assertThat(html.text()).startsWith("<!DOCTYPE html>");
    RawResponse gateway = call(wire, FakeTurn.httpResponse(502, "text/plain", "bad gateway"), READ);
    assertThat(gateway.status()).isEqualTo(502);
    assertThat(gateway.text()).isEqualTo("bad gateway");
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aStallSendsNothingUntilTheClientTimesOut(Wire wire) throws Exception {
    start(wire);
    RawResponse r =
        call(
            wire,
            FakeTurn.builder().text("a").stall().text("never").build(),
            Duration.ofMillis(300));
    assertThat(r.failure()).get().isInstanceOf(SocketTimeoutException.class);
    assertThat(r.events().stream().map(wire::text)).contains("a").doesNotContain("never");
    assertThat(r.text()).as("not even a comment line").doesNotContain(":\n:");
    RawResponse paused =
        call(
            wire,
            FakeTurn.builder().text("a").stall(Duration.ofMillis(100)).text("b").build(),
            READ);
    assertThat(paused.endedProperly()).isTrue();
    assertThat(paused.events().stream().map(wire::text)).containsSubsequence("a", "b");
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aDelayWritesCommentLinesThatSseClientsIgnore(Wire wire) throws Exception {
    start(wire);
    RawResponse r =
        call(
            wire,
            FakeTurn.builder().text("a").delay(Duration.ofMillis(150)).text("b").build(),
            READ);
    assertThat(r.text()).contains(":\n");
    assertThat(r.events().stream().map(wire::text)).containsSubsequence("a", "b");
    assertThat(wire.terminal(r.events().get(r.events().size() - 1))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void garbageAndRawBytesArriveAsScripted(Wire wire) throws Exception {
    start(wire);
    RawResponse r =
        call(
            wire,
            FakeTurn.builder().text("a").garbage().raw("stray line\n").text("b").build(),
            READ);
    assertThat(r.text()).contains("stray line\n");
    byte[] body = r.body();
    assertThat(containsByte(body, (byte) 0xFF)).as("bytes that are not UTF-8").isTrue();
    RawResponse malformed = call(wire, FakeTurn.builder().malformedEvent().build(), READ);
    assertThat(malformed.events()).anyMatch(e -> e.startsWith("{\"candidates\": ["));
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void aClientHangingUpDuringADelayIsNoticed(Wire wire) throws Exception {
    start(wire);
    fake.enqueue(FakeTurn.builder().text("a").delay(Duration.ofSeconds(20)).text("b").build());
    HttpURLConnection c = (HttpURLConnection) URI.create(wire.url(fake)).toURL().openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.getOutputStream().write(wire.request("hi").getBytes(StandardCharsets.UTF_8));
    InputStream in = c.getInputStream();
    assertThat(in.read()).isPositive();
    c.disconnect();
    assertThat(fake.awaitDisconnects(1, Duration.ofSeconds(5))).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void theResponderAnswersWhatTheScriptDoesNotCover(Wire wire) throws Exception {
    start(wire);
    fake.enqueue(FakeTurn.text("scripted"));
    fake.respondWith(request -> FakeTurn.text("for " + request.json().toString().length()));
    assertThat(RawResponse.post(wire.url(fake), wire.request("x"), READ).events())
        .anyMatch(e -> wire.text(e).equals("scripted"));
    assertThat(RawResponse.post(wire.url(fake), wire.request("x"), READ).events())
        .anyMatch(e -> wire.text(e).startsWith("for "));
    fake.respondWith(
        request -> {
          throw new IllegalStateException("no answer for this one");
        });
    RawResponse failed = RawResponse.post(wire.url(fake), wire.request("x"), READ);
    assertThat(failed.status()).isEqualTo(500);
    assertThat(failed.text()).contains("no answer for this one");
  }

  @ParameterizedTest
  @EnumSource(Wire.class)
  void closingTheServerEndsAStallAtOnce(Wire wire) throws Exception {
    start(wire);
    fake.enqueue(FakeTurn.builder().text("a").stall().build());
    Thread client =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    RawResponse.post(wire.url(fake), wire.request("x"), Duration.ofSeconds(30));
                  } catch (Exception ignored) {
                    // the connection closes under it
                  }
                });
    assertThat(fake.awaitRequests(1, Duration.ofSeconds(5))).isTrue();
    Thread.sleep(100);
    long start = System.nanoTime();
    fake.close();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    client.join(Duration.ofSeconds(5));
    assertThat(client.isAlive()).isFalse();
  }

  private static String lastEnd(String text) {
    return text.isEmpty() ? "" : text.substring(text.length() - 1);
  }

  private static boolean containsByte(byte[] bytes, byte b) {
    for (byte x : bytes) {
      if (x == b) {
        return true;
      }
    }
    return false;
  }
}
