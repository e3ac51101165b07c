package dev.processors.benchmarks.live;

import dev.processors.testkit.FakeLiveServer;
import java.io.IOException;
import java.io.InputStream;

/**
 * The fake Live server of {@link LiveSessionsAtScale}, run in a child JVM so that the client JVM
 * measured there has its own descriptor budget: starts a {@link FakeLiveServer}, prints its base
 * URL as the first line of standard output, answers every new session (after its setup) with one
 * text message, {@code "open"}, and exits when its standard input closes (the parent ended).
 *
 * <p>Run by the parent as {@code java -cp <same classpath>
 * dev.processors.benchmarks.live.FakeLiveServerProcess}.
 */
public final class FakeLiveServerProcess {
  private FakeLiveServerProcess() {}

  public static void main(String[] args) throws Exception {
    FakeLiveServer server = FakeLiveServer.start();
    System.out.println(server.baseUrl());
    System.out.flush();
    Thread answering =
        Thread.ofPlatform()
            .daemon()
            .name("answer-new-sessions")
            .start(
                () -> {
                  while (true) {
                    FakeLiveServer.Session session;
                    try {
                      session = server.awaitSession();
                    } catch (AssertionError noneIn10Seconds) {
                      continue; // idle: keep waiting for the next session
                    }
                    session.sendText("open");
                  }
                });
    waitForEndOfInput(System.in);
    server.close();
    System.exit(answering.isAlive() ? 0 : 1);
  }

  private static void waitForEndOfInput(InputStream in) {
    try {
      while (in.read() >= 0) {
        // the parent writes nothing; end of input means it is gone
      }
    } catch (IOException e) {
      // the pipe broke: the parent is gone
    }
  }
}
