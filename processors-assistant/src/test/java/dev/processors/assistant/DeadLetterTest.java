package dev.processors.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad input never stops a worker: it is reported when its channel is known and dead-lettered. */
@ExtendWith(RealServers.class)
class DeadLetterTest {
  @Test
  void badMessagesAreDeadLetteredWithAnErrorFrameWhileTheWorkerGoesOn() throws Exception {
    try (FakeOpenAiServer model = FakeOpenAiServer.start();
        ServiceFixture fixture =
            new ServiceFixture(TestSettings.openAi(model.baseUrl(), Map.of()));
        FrameClient client = fixture.client("bad-channel")) {
      model.defaultTurn(FakeTurn.text("fine"));

      fixture.publisher.publishRaw("{not json".getBytes(StandardCharsets.UTF_8));
      fixture.publisher.publishRaw(
          "{\"channel\":\"bad-channel\",\"message_id\":\"m-no-text\"}"
              .getBytes(StandardCharsets.UTF_8));
      fixture.publisher.publishRaw("[1,2,3]".getBytes(StandardCharsets.UTF_8));
      fixture.publish("bad-channel", "m-good", "hello");

      Frame missing = client.nextFrame(Duration.ofSeconds(30)).orElseThrow();
      List<Frame> good = Frames.untilFinal(client, "m-good");

      assertThat(missing.status()).isEqualTo(Frame.Status.ERROR);
      assertThat(missing.messageId()).contains("m-no-text");
      assertThat(missing.errorDetails()).get().asString().contains("message (a non-empty string)");
      assertThat(good.get(good.size() - 1).status()).isEqualTo(Frame.Status.COMPLETED);
      List<String> dead = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (dead.size() < 3 && System.nanoTime() < deadline) {
        fixture
            .publisher
            .takeDeadLetter()
            .ifPresentOrElse(
                b -> dead.add(new String(b, StandardCharsets.UTF_8)), DeadLetterTest::pause);
      }
      assertThat(dead)
          .containsExactlyInAnyOrder(
              "{not json", "{\"channel\":\"bad-channel\",\"message_id\":\"m-no-text\"}", "[1,2,3]");
    }
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
