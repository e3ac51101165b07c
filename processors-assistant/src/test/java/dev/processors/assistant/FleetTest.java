package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two worker JVMs and two WebSocket servers share one queue: 1,000 messages over 50 channels are
 * all answered, none twice, and every channel's messages in the order they were published, each
 * message's frames together (a channel never sees two messages interleaved).
 */
@ExtendWith(RealServers.class)
class FleetTest {
  private static final int CHANNELS = 50;
  private static final int PER_CHANNEL = 20;

  @Test
  void twoWorkersAndTwoWebSocketServersAnswerEveryMessageOnceAndInChannelOrder() throws Exception {
    try (FakeOpenAiServer model = FakeOpenAiServer.start()) {
      model.defaultTurn(FakeTurn.text("one ", "two ", "three"));
      Map<String, String> env = TestSettings.openAi(model.baseUrl(), Map.of());
      Map<String, String> wsOnly = new HashMap<>(env);
      wsOnly.put("SERVICE_ROLE", "websocket");
      try (ServiceFixture east = new ServiceFixture(wsOnly);
          ServiceFixture west = new ServiceFixture(wsOnly);
          WorkerJvm first = WorkerJvm.start(env);
          WorkerJvm second = WorkerJvm.start(env)) {
        List<FrameClient> clients = new ArrayList<>();
        Map<String, List<Frame>> byChannel = new ConcurrentHashMap<>();
        try {
          for (int c = 0; c < CHANNELS; c++) {
            FrameClient client = (c % 2 == 0 ? east : west).client(channel(c));
            clients.add(client);
            byChannel.put(channel(c), new ArrayList<>());
          }
          for (int k = 0; k < PER_CHANNEL; k++) {
            for (int c = 0; c < CHANNELS; c++) {
              east.publish(channel(c), channel(c) + "/m" + k, "question " + k);
            }
          }
          List<Thread> readers = new ArrayList<>();
          for (int c = 0; c < CHANNELS; c++) {
            FrameClient client = clients.get(c);
            List<Frame> frames = byChannel.get(channel(c));
            String last = channel(c) + "/m" + (PER_CHANNEL - 1);
            readers.add(
                Thread.ofVirtual()
                    .start(
                        () -> {
                          try {
                            frames.addAll(Frames.everythingUntilFinal(client, last));
                          } catch (InterruptedException | AssertionError e) {
                            // the checks below report what is missing
                          }
                        }));
          }
          for (Thread t : readers) {
            t.join(Duration.ofSeconds(150));
          }
        } finally {
          clients.forEach(FrameClient::close);
        }

        for (int c = 0; c < CHANNELS; c++) {
          List<Frame> frames = byChannel.get(channel(c));
          List<String> completed =
              frames.stream()
                  .filter(f -> f.status() == Frame.Status.COMPLETED)
                  .map(f -> f.messageId().orElseThrow())
                  .toList();
          List<String> expected = new ArrayList<>();
          for (int k = 0; k < PER_CHANNEL; k++) {
            expected.add(channel(c) + "/m" + k);
          }
          assertThat(completed)
              .as("answers of %s, in order, each once", channel(c))
              .containsExactlyElementsOf(expected);
          assertThat(frames)
              .as("no error frames in %s", channel(c))
              .noneMatch(f -> f.status() == Frame.Status.ERROR);
          assertThat(runs(frames))
              .as("frames of %s grouped by message", channel(c))
              .containsExactlyElementsOf(expected);
        }
        long byFirst = first.stop();
        long bySecond = second.stop();
        assertThat(byFirst + bySecond).isEqualTo(CHANNELS * PER_CHANNEL);
        assertThat(byFirst).as("the first worker took a share").isPositive();
        assertThat(bySecond).as("the second worker took a share").isPositive();
      }
    }
  }

  private static String channel(int c) {
    return "fleet-" + c;
  }

  /** The message ids in the order their frames appear, each run of equal ids counted once. */
  private static List<String> runs(List<Frame> frames) {
    List<String> runs = new ArrayList<>();
    for (Frame f : frames) {
      String id = f.messageId().orElseThrow();
      if (runs.isEmpty() || !runs.get(runs.size() - 1).equals(id)) {
        runs.add(id);
      }
    }
    return runs;
  }
}
