package dev.processors.gemini;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;

/**
 * The one {@link HttpClient} every Live API session of the JVM connects with. A JDK client owns a
 * platform selector thread, so a client per session would cost a platform thread per open session
 * (and keep it, with its sockets, until a GC found the client): sharing one bounds the platform
 * threads of any number of sessions to that one selector, and its executor makes virtual threads
 * only. A session releases what is its own (its socket) when it closes; the shared client lives as
 * long as the JVM, made on first use.
 */
final class LiveHttp {
  private LiveHttp() {}

  private static final class Holder {
    static final HttpClient CLIENT =
        HttpClient.newBuilder()
            .executor(
                Executors.newThreadPerTaskExecutor(
                    Thread.ofVirtual().name("processors:live-api-http-", 0).factory()))
            .build();
  }

  /** The shared client (made on first call). */
  static HttpClient client() {
    return Holder.CLIENT;
  }
}
