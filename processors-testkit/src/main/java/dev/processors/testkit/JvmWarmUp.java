package dev.processors.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Starts what the JVM starts lazily, once, on first use and keeps for good (the pollers that park
 * virtual threads on sockets, with their event-poll descriptors), so that a leak check does not
 * blame the first test that happens to use them.
 */
final class JvmWarmUp {
  private JvmWarmUp() {}

  static void run() {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (ServerSocket server = new ServerSocket(0, 1, loopback)) {
      Thread reader =
          Thread.ofVirtual()
              .name("leak-check-warm-up")
              .start(
                  () -> {
                    try (Socket client = new Socket(loopback, server.getLocalPort());
                        InputStream in = client.getInputStream()) {
                      in.read(); // parks this virtual thread on the read poller
                    } catch (IOException ignored) {
                      // the warm-up is best effort
                    }
                  });
      try (Socket accepted = server.accept()) {
        Thread.sleep(20); // let the reader park
        accepted.getOutputStream().write(1);
      }
      reader.join(5_000);
    } catch (IOException ignored) {
      // the warm-up is best effort
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
