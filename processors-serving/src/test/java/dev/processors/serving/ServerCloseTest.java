package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.PartJson;
import dev.processors.core.Processor;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Closing a {@link PipelineServer} while clients are connected. */
class ServerCloseTest {
  @Test
  void closingTheServerCancelsEveryRunTellsEachClientAndLeavesNoThreadBehind() throws Exception {
    Set<Thread> stages = ConcurrentHashMap.newKeySet();
    CountDownLatch never = new CountDownLatch(1);
    Processor quiet =
        (in, out) -> {
          stages.add(Thread.currentThread());
          out.emitText("thinking");
          never.await(); // a model that goes quiet and does not read its input
        };
    PipelineServer server =
        PipelineServer.builder(quiet)
            .host("127.0.0.1")
            .port(0)
            .heartbeat(Duration.ofHours(1)) // no keep-alive ends a thread for us
            .build();
    try (Sse sse = Sse.post(server.baseUrl() + "/chat", "application/json", "{\"message\":\"x\"}");
        WsClient ws = new WsClient(server.webSocketUrl())) {
      assertThat(sse.next().orElseThrow().name()).isEqualTo("part");
      assertThat(PartJson.read(ws.next().text()).text()).contains("thinking");
      Thread waiter =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      server.awaitClose();
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  });
      assertThat(awaitBlockedOrEnded(waiter)).as("awaitClose before close").isEqualTo("blocked");
      assertThat(server.activeRuns()).isEqualTo(2);

      server.close();

      Sse.Event last = sse.next().orElseThrow();
      assertThat(last.name()).isEqualTo("error");
      assertThat(last.data()).contains("the server is closing");
      assertThat(sse.next()).isEmpty();
      assertThat(ws.awaitClose(Duration.ofSeconds(20))).as("close code").isEqualTo(1001);
      for (Thread stage : stages) {
        stage.join(TimeUnit.SECONDS.toMillis(20));
        assertThat(stage.isAlive()).as("a run's stage thread").isFalse();
      }
      waiter.join(TimeUnit.SECONDS.toMillis(20));
      assertThat(waiter.isAlive()).as("awaitClose after close").isFalse();
      ChatEndpointTest.awaitZero(server);
      assertThat(ServerThreads.awaitNone()).as("heartbeat and output threads left").isEmpty();
      server.close(); // again: nothing happens
    } finally {
      server.close();
    }
  }

  /** Waits until {@code t} is parked (blocked) or has ended, and says which. */
  private static String awaitBlockedOrEnded(Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      Thread.State s = t.getState();
      if (s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING) {
        return "blocked";
      }
      if (s == Thread.State.TERMINATED) {
        return "ended";
      }
      Thread.sleep(10);
    }
    return "still running";
  }
}
