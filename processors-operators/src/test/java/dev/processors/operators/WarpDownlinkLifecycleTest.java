package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.FakeWarpServer;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The downlink's threading and lifecycle against the fake WARP server: reading and closing from
 * different threads, flow control, backoff growth and reset, a server that is not there.
 */
@Timeout(30) // a lost wake-up or a lock never released must fail the test, not hang the build
class WarpDownlinkLifecycleTest {
  private final FakeWarpServer warp = FakeWarpServer.start();
  private final VirtualClock clock = Clock.virtual();

  @AfterEach
  void close() {
    warp.close();
  }

  private WarpDownlink.Builder builder(String uri) {
    return WarpDownlink.builder()
        .uri(URI.create(uri))
        .node("/stock/XYZ")
        .lane("status")
        .clock(clock)
        .reconnectBackoff(Duration.ofMillis(200), Duration.ofMillis(500));
  }

  private static String linkEvent(ProcessorPart part) {
    assertThat(part.substream()).isEqualTo(ProcessorPart.STATUS);
    return part.metadataString(WarpDownlink.LINK_EVENT).orElseThrow();
  }

  private static long seq(ProcessorPart part) {
    return ((Content.Json) part.content()).node().get("seq").asLong();
  }

  private static void join(Thread t) throws InterruptedException {
    t.join(Duration.ofSeconds(20));
    assertThat(t.isAlive()).as("thread ended").isFalse();
  }

  private void awaitSync(Iterator<ProcessorPart> parts) {
    assertThat(linkEvent(parts.next())).isEqualTo("linked");
    assertThat(seq(parts.next())).isGreaterThanOrEqualTo(0);
    assertThat(linkEvent(parts.next())).isEqualTo("synced");
  }

  @Test
  void oneThreadReadsAnotherClosesAndTheReaderSeesUnlinkedThenTheEnd() throws Exception {
    warp.set("/stock/XYZ", "status", "{seq:0,price:1}");
    WarpDownlink xyz = builder(warp.uri()).open();
    Iterator<ProcessorPart> parts = xyz.iterator();
    Thread first = Thread.ofVirtual().start(() -> awaitSync(parts));
    join(first);
    assertThat(xyz.reconnects()).isZero(); // read on this thread after the reader ended
    List<String> seen = new CopyOnWriteArrayList<>();
    Thread reader =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (parts.hasNext()) {
                    seen.add(linkEvent(parts.next()));
                  }
                });
    Thread closer = Thread.ofVirtual().start(xyz::close);
    join(closer);
    join(reader);
    assertThat(seen).containsExactly("unlinked");
    xyz.close(); // a second close does nothing
    assertThat(warp.received().stream().filter(e -> e.startsWith("@unlink")).count()).isEqualTo(1);
    assertThat(parts.hasNext()).isFalse();
  }

  @Test
  void aReaderWithRoomForOnePartStillGetsEveryValueInOrder() {
    warp.set("/stock/XYZ", "status", "{seq:0,price:1}");
    try (WarpDownlink xyz = builder(warp.uri()).capacity(1).open()) {
      Iterator<ProcessorPart> parts = xyz.iterator();
      awaitSync(parts);
      for (int i = 1; i <= 30; i++) {
        warp.set("/stock/XYZ", "status", "{seq:" + i + ",price:1}");
      }
      List<Long> seqs = new ArrayList<>();
      for (int i = 1; i <= 30; i++) {
        seqs.add(seq(parts.next()));
      }
      assertThat(seqs).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 30).boxed().toList());
    }
  }

  @Test
  void theBackoffResetsAfterASyncedConnectionAndEveryReconnectIsCounted() throws Exception {
    warp.set("/stock/XYZ", "status", "{seq:0,price:1}");
    try (WarpDownlink xyz = builder(warp.uri()).open()) {
      Iterator<ProcessorPart> parts = xyz.iterator();
      awaitSync(parts);
      for (int round = 1; round <= 2; round++) {
        warp.dropConnections();
        ProcessorPart reconnecting = parts.next();
        assertThat(linkEvent(reconnecting)).isEqualTo("reconnecting");
        assertThat(reconnecting.text().orElseThrow()).contains("reconnecting in 200 ms");
        clock.awaitSleepers(1);
        clock.advance(Duration.ofMillis(200));
        awaitSync(parts);
        assertThat(xyz.reconnects()).isEqualTo(round);
      }
    }
  }

  @Test
  void aServerThatIsNotThereIsRetriedWithADoublingBackoffUpToTheMaximumAndCloseEndsIt()
      throws Exception {
    FakeWarpServer gone = FakeWarpServer.start();
    String uri = gone.uri();
    gone.close();
    WarpDownlink xyz = builder(uri).open();
    assertThat(xyz.toString()).isEqualTo("WarpDownlink(" + uri + " /stock/XYZ status)");
    Iterator<ProcessorPart> parts = xyz.iterator();
    List<String> delays = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ProcessorPart p = parts.next();
      assertThat(linkEvent(p)).isEqualTo("reconnecting");
      delays.add(p.text().orElseThrow().replaceAll(".*reconnecting in ", ""));
      clock.advanceToNextDeadline();
    }
    assertThat(delays).containsExactly("200 ms", "400 ms", "500 ms", "500 ms");
    // The fifth attempt failed too: close while the keeper sleeps its backoff, which only an
    // interrupt ends (the virtual clock does not move).
    assertThat(linkEvent(parts.next())).isEqualTo("reconnecting");
    clock.awaitSleepers(1);
    Thread closer = Thread.ofVirtual().start(xyz::close);
    join(closer);
    while (parts.hasNext()) {
      assertThat(linkEvent(parts.next())).isEqualTo("reconnecting");
    }
    assertThat(xyz.reconnects()).isZero();
  }

  @Test
  void anInterruptedReaderGetsACancellationAndKeepsItsInterruptFlag() throws Exception {
    try (WarpDownlink xyz = builder(warp.uri()).open()) {
      Iterator<ProcessorPart> parts = xyz.iterator();
      AtomicReference<Throwable> ended = new AtomicReference<>();
      AtomicReference<Boolean> flag = new AtomicReference<>();
      java.util.concurrent.CountDownLatch synced = new java.util.concurrent.CountDownLatch(1);
      Thread reader =
          Thread.ofVirtual()
              .start(
                  () -> {
                    assertThat(linkEvent(parts.next())).isEqualTo("linked");
                    assertThat(linkEvent(parts.next())).isEqualTo("synced");
                    synced.countDown();
                    try {
                      parts.hasNext(); // nothing more comes: it waits, and the interrupt ends it
                    } catch (RuntimeException e) {
                      ended.set(e);
                      flag.set(Thread.currentThread().isInterrupted());
                    }
                  });
      synced.await();
      reader.interrupt();
      join(reader);
      assertThat(ended.get())
          .isInstanceOf(CancellationException.class)
          .hasMessageContaining("interrupted");
      assertThat(flag.get()).isTrue();
    }
  }

  @Test
  void aMalformedEnvelopeIsReportedAndSkippedAndTheStreamGoesOn() throws Exception {
    warp.set("/stock/XYZ", "status", "{seq:0,price:1}");
    try (WarpDownlink xyz = builder(warp.uri()).open()) {
      Iterator<ProcessorPart> parts = xyz.iterator();
      awaitSync(parts);
      List<ProcessorPart> got = new CopyOnWriteArrayList<>();
      Thread reader = Thread.ofVirtual().start(() -> got.add(parts.next()));
      while (reader.getState() != Thread.State.WAITING) {
        Thread.sleep(1); // until the reader waits for the next part
      }
      // The malformed envelope alone must wake the waiting reader: it is reported as a part.
      warp.set("/stock/XYZ", "status", "{seq:1,price:");
      join(reader);
      assertThat(linkEvent(got.get(0))).isEqualTo("malformed");
      assertThat(got.get(0).text().orElseThrow())
          .isEqualTo(
              "warp: ignored a malformed envelope: a value was expected at the end of the text");
      warp.set("/stock/XYZ", "status", "{seq:2,price:1}");
      assertThat(seq(parts.next())).isEqualTo(2);
    }
  }
}
