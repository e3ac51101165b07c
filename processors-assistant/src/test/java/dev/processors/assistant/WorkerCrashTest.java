package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A worker JVM killed in the middle of a message: the broker redelivers it, another worker answers
 * it, and the client sees exactly one completed answer; a redelivery of an answered message is not
 * answered again.
 */
@ExtendWith(RealServers.class)
class WorkerCrashTest {
  @Test
  void aMessageWhoseWorkerDiesIsRedeliveredAndAnsweredOnce() throws Exception {
    Gate never = Gate.create();
    try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
      model.enqueue(FakeTurn.builder().text("Half an ans").awaitRelease(never).text("wer").build());
      model.defaultTurn(FakeTurn.text("The whole answer."));
      Map<String, String> env = TestSettings.openAi(model.baseUrl(), Map.of());
      Map<String, String> wsOnly = new HashMap<>(env);
      wsOnly.put("SERVICE_ROLE", "websocket");
      try (ServiceFixture frames = new ServiceFixture(wsOnly);
          FrameClient client = frames.client("crash-channel")) {
        List<Frame> seen = new ArrayList<>();
        try (WorkerJvm doomed = WorkerJvm.start(env)) {
          frames.publish("crash-channel", "m1", "Tell me everything");
          while (seen.isEmpty() || seen.get(seen.size() - 1).status() != Frame.Status.IN_PROGRESS) {
            seen.add(client.nextFrame(Duration.ofSeconds(30)).orElseThrow());
          }
          doomed.kill(); // mid-answer: the model is still streaming
        }
        try (WorkerJvm survivor = WorkerJvm.start(env)) {
          seen.addAll(Frames.untilFinal(client, "m1"));
          frames.publish("crash-channel", "m1", "Tell me everything"); // the same message again
          frames.publish("crash-channel", "m2", "And then?");
          List<Frame> next = Frames.everythingUntilFinal(client, "m2");
          List<Frame> between =
              next.stream().filter(f -> !f.messageId().orElse("").equals("m2")).toList();

          assertThat(Frames.statuses(seen)).startsWith("started", "responding", "in_progress");
          assertThat(seen).filteredOn(f -> f.status() == Frame.Status.COMPLETED).hasSize(1);
          assertThat(seen.get(seen.size() - 1).message()).isEqualTo("The whole answer.");
          assertThat(between).isEmpty();
          assertThat(next.get(next.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
          assertThat(model.requests()).filteredOn(r -> r.path().equals("/v1/responses")).hasSize(3);
          assertThat(survivor.stop()).isEqualTo(2);
        }
      }
    }
  }
}
