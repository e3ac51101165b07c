package dev.processors.operators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import dev.processors.testkit.FakeWarpServer;
import java.net.URI;
import java.time.Duration;
import java.util.Iterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The WARP client against the fake WARP server: link, sync, events, unlink, reconnect. */
@Timeout(30) // a lost wake-up must fail the test, not hang the build
class WarpDownlinkTest {
  private final FakeWarpServer warp = FakeWarpServer.start();
  private final VirtualClock clock = Clock.virtual();

  @AfterEach
  void close() {
    warp.close();
  }

  private WarpDownlink open() {
    return WarpDownlink.builder()
        .uri(URI.create(warp.uri()))
        .node("/stock/XYZ")
        .lane("status")
        .clock(clock)
        .reconnectBackoff(Duration.ofMillis(200), Duration.ofSeconds(5))
        .open();
  }

  private static String linkEvent(ProcessorPart part) {
    assertThat(part.substream()).isEqualTo(ProcessorPart.STATUS);
    return part.metadataString(WarpDownlink.LINK_EVENT).orElseThrow();
  }

  private static double price(ProcessorPart part) {
    assertThat(part.metadata())
        .containsEntry(WarpDownlink.NODE, "/stock/XYZ")
        .containsEntry(WarpDownlink.LANE, "status");
    return ((Content.Json) part.content()).node().get("price").asDouble();
  }

  @Test
  void syncDeliversTheCurrentValueThenEveryEventAndCloseUnlinks() {
    warp.set("/stock/XYZ", "status", "{symbol:XYZ,seq:0,price:100.5,volume:300}");
    try (WarpDownlink xyz = open()) {
      Iterator<ProcessorPart> parts = xyz.iterator();
      assertThat(linkEvent(parts.next())).isEqualTo("linked");
      assertThat(price(parts.next())).isEqualTo(100.5);
      assertThat(linkEvent(parts.next())).isEqualTo("synced");
      assertThat(warp.received()).containsExactly("@sync(node:\"/stock/XYZ\",lane:status)");

      warp.set("/stock/XYZ", "status", "{symbol:XYZ,seq:1,price:101.25,volume:200}");
      warp.set("/stock/XYZ", "status", "{symbol:XYZ,seq:2,price:99,volume:100}");
      assertThat(price(parts.next())).isEqualTo(101.25);
      ProcessorPart third = parts.next();
      assertThat(((Content.Json) third.content()).node().toString())
          .isEqualTo("{\"symbol\":\"XYZ\",\"seq\":2,\"price\":99,\"volume\":100}");

      xyz.close();
      assertThat(warp.received()).last().isEqualTo("@unlink(node:\"/stock/XYZ\",lane:status)");
      assertThat(linkEvent(parts.next())).isEqualTo("unlinked");
      assertThat(parts.hasNext()).isFalse();
    }
  }

  @Test
  void aConnectionTheServerClosesIsReestablishedAfterABackoffOnTheClockAndSyncedAgain()
      throws Exception {
    warp.set("/stock/XYZ", "status", "{symbol:XYZ,seq:0,price:100,volume:1}");
    try (WarpDownlink xyz = open()) {
      Iterator<ProcessorPart> parts = xyz.iterator();
      assertThat(linkEvent(parts.next())).isEqualTo("linked");
      assertThat(price(parts.next())).isEqualTo(100.0);
      assertThat(linkEvent(parts.next())).isEqualTo("synced");

      warp.dropConnections();
      ProcessorPart reconnecting = parts.next();
      assertThat(linkEvent(reconnecting)).isEqualTo("reconnecting");
      assertThat(reconnecting.text().orElseThrow()).contains("reconnecting in 200 ms");
      clock.awaitSleepers(1);
      assertThat(warp.connections()).isEqualTo(1); // nothing happens until the backoff has passed
      warp.set("/stock/XYZ", "status", "{symbol:XYZ,seq:1,price:102,volume:1}");
      clock.advance(Duration.ofMillis(200));

      assertThat(linkEvent(parts.next())).isEqualTo("linked");
      assertThat(price(parts.next())).isEqualTo(102.0); // the value set while disconnected
      assertThat(linkEvent(parts.next())).isEqualTo("synced");
      assertThat(xyz.reconnects()).isEqualTo(1);
      assertThat(warp.connections()).isEqualTo(2);
      assertThat(warp.awaitReceived(e -> e.startsWith("@sync"), 2)).hasSize(2);

      warp.set("/stock/XYZ", "status", "{symbol:XYZ,seq:2,price:103,volume:1}");
      assertThat(price(parts.next())).isEqualTo(103.0);
    }
  }

  @Test
  void aLaneTheServerUnlinksEndsTheStreamWithATypedError() {
    try (WarpDownlink xyz = open()) {
      Iterator<ProcessorPart> parts = xyz.iterator();
      assertThat(linkEvent(parts.next())).isEqualTo("linked");
      assertThat(linkEvent(parts.next())).isEqualTo("synced");
      warp.unlink("/stock/XYZ", "status", "nodeNotFound");
      assertThatThrownBy(parts::hasNext)
          .isInstanceOf(WarpException.class)
          .hasMessage("the server unlinked /stock/XYZ status");
    }
  }

  @Test
  void reconParsesEnvelopesWithNamedOrPositionalHeadersAndNestedBodies() {
    WarpEnvelope e =
        WarpEnvelope.parse(
            "@event(node:\"/stock/XYZ\",lane:status){symbol:XYZ,price:101.5,tags:{a,b},"
                + "ok:true,note:\"say \\\"hi\\\"\"}");
    assertThat(e.tag()).isEqualTo("event");
    assertThat(e.node()).isEqualTo("/stock/XYZ");
    assertThat(e.lane()).isEqualTo("status");
    assertThat(e.body().orElseThrow().toString())
        .isEqualTo(
            "{\"symbol\":\"XYZ\",\"price\":101.5,\"tags\":[\"a\",\"b\"],\"ok\":true,"
                + "\"note\":\"say \\\"hi\\\"\"}");
    WarpEnvelope positional = WarpEnvelope.parse("@synced(\"/house\", rooms)");
    assertThat(positional.node()).isEqualTo("/house");
    assertThat(positional.lane()).isEqualTo("rooms");
    assertThat(
            WarpEnvelope.parse("@event(node:\"/a\",lane:b) 330 @ppm").body().orElseThrow().asInt())
        .isEqualTo(330);
    assertThat(
            new WarpEnvelope("sync", "/stock/XYZ", "status", java.util.Optional.empty()).toRecon())
        .isEqualTo("@sync(node:\"/stock/XYZ\",lane:status)");
    assertThatThrownBy(() -> WarpEnvelope.parse("{price:1}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a WARP envelope");
  }
}
