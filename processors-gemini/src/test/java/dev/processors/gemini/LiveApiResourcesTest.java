package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.testkit.FakeLiveServer;
import dev.processors.testkit.LeakCheck;
import dev.processors.testkit.RecordingThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a Live session holds while open, and that closing it gives everything back. */
class LiveApiResourcesTest {
  @RegisterExtension
  static final LeakCheck LEAKS = LeakCheck.builder().timeout(Duration.ofSeconds(20)).build();

  private static FakeLiveServer server;

  @BeforeAll
  static void startServer() {
    server = FakeLiveServer.start();
    LiveHttp.client(); // shared by every session of the JVM: made before the snapshot
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  private static LiveApiProcessor live() {
    return LiveApiProcessor.builder()
        .baseUrl(server.baseUrl())
        .connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  @Test
  void twoHundredSessionsOpenedAndClosedLeaveNoThreadOrDescriptorWithoutAGc() {
    for (int i = 0; i < 200; i++) {
      PartQueue in = PartQueue.create();
      try (ProcessorRun run = live().start(in)) {
        FakeLiveServer.Session session = server.awaitSession();
        session.sendText("hi " + i);
        assertThat(run.iterator().next().text()).hasValue("hi " + i);
      }
    }
    // LeakCheck: no thread, no socket left behind (no System.gc() anywhere).
  }

  @Test
  void everyThreadComesFromTheRunsThreadFactoryAndNoneOutlivesClose() {
    RecordingThreadFactory threads = RecordingThreadFactory.create();
    PartQueue in = PartQueue.create();
    try (ProcessorRun run = live().start(in, threads.options())) {
      server.awaitSession().sendText("hello");
      assertThat(run.iterator().next().text()).hasValue("hello");
      assertThat(threads.names()).anyMatch(n -> n.contains("live-api reader"));
      assertThat(threads.alive()).isNotEmpty();
    }
    assertThat(threads.alive()).isEmpty();
  }

  @Test
  void aThousandOpenSessionsHoldABoundedNumberOfPlatformThreads() {
    int sessions = Integer.getInteger("live.sessions", 1000);
    int before = Thread.getAllStackTraces().size(); // platform threads only
    List<ProcessorRun> runs = new ArrayList<>();
    List<PartQueue> inputs = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < sessions; i++) {
        PartQueue in = PartQueue.create();
        inputs.add(in);
        runs.add(live().start(in));
      }
      for (int i = 0; i < sessions; i++) {
        server.awaitSession().sendText("open");
      }
      for (ProcessorRun run : runs) {
        ProcessorPart first = run.iterator().next();
        assertThat(first.text()).hasValue("open");
      }
      int during = Thread.getAllStackTraces().size();
      System.out.printf(
          "live sessions: %d open, platform threads %d before, %d while open (+%d), %d ms%n",
          sessions, before, during, during - before, (System.nanoTime() - start) / 1_000_000);
      assertThat(during - before)
          .as("platform threads added by %d sessions", sessions)
          .isLessThanOrEqualTo(8);
    } finally {
      for (ProcessorRun run : runs) {
        run.close();
      }
    }
  }
}
