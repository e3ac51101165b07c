package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Thousands of clients connecting to the fake Live server at once: its listen queue holds them all,
 * so no client's SYN is dropped (a dropped SYN is sent again only after 1 s, then 3 s, 7 s, which
 * once made 9,000 sessions miss a 10 s connect timeout).
 */
@ExtendWith(LeakCheck.class)
class FakeLiveServerConnectionBurstTest {
  /** Far beyond the JDK's default backlog of 50, within any kernel's cap we expect to meet. */
  private static final int BURST = 1000;

  /** Before the first SYN retransmission (1 s after the SYN). */
  private static final long BEFORE_A_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(900);

  @Test
  void aBurstOfConnectionsFarBeyondTheJdkDefaultBacklogIsQueuedWithoutADroppedSyn()
      throws Exception {
    int burst = Math.min(BURST, kernelBacklogCap() / 2);
    try (FakeLiveServer server = FakeLiveServer.start();
        Selector selector = Selector.open()) {
      URI uri = URI.create(server.baseUrl());
      InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
      List<SocketChannel> channels = new ArrayList<>();
      try {
        long start = System.nanoTime();
        int pending = 0;
        for (int i = 0; i < burst; i++) {
          SocketChannel c = SocketChannel.open();
          channels.add(c);
          c.configureBlocking(false);
          if (!c.connect(address)) {
            c.register(selector, SelectionKey.OP_CONNECT);
            pending++;
          }
        }
        // The kernel completes a queued connection's handshake whether or not the server has
        // accepted it yet; one whose SYN was dropped cannot connect before its retry at 1 s.
        while (pending > 0 && System.nanoTime() - start < BEFORE_A_RETRY_NANOS) {
          selector.select(20);
          pending -= finishConnects(selector);
        }
        pending -= finishConnects(selector);
        assertThat(pending)
            .as("of %d connections made at once, those not connected before a SYN retry", burst)
            .isZero();
      } finally {
        for (SocketChannel c : channels) {
          c.close();
        }
      }
    }
  }

  private static int finishConnects(Selector selector) throws IOException {
    selector.selectNow();
    int done = 0;
    for (SelectionKey key : selector.selectedKeys()) {
      if (((SocketChannel) key.channel()).finishConnect()) {
        key.cancel();
        done++;
      }
    }
    selector.selectedKeys().clear();
    return done;
  }

  /** Linux's cap on any listen backlog (net.core.somaxconn); assume 4096 where it is unknown. */
  private static int kernelBacklogCap() {
    try {
      return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/core/somaxconn")).strip());
    } catch (IOException | RuntimeException e) {
      return 4096;
    }
  }
}
