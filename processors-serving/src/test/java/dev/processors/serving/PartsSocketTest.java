package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.PartJson;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PartsSocketTest {
  /** Answers each turn with "echo: " and the turn's text. */
  private static final Processor ECHO_MODEL =
      (in, out) -> out.emitText("echo: " + ProcessorPart.textOf(in.toList()));

  @Test
  void partsTravelBothWaysAsPartJsonTurnByTurn() throws Exception {
    try (PipelineServer server =
            PipelineServer.builder(TurnByTurn.withHistory(ECHO_MODEL))
                .host("127.0.0.1")
                .port(0)
                .build();
        WsClient client = new WsClient(server.webSocketUrl())) {
      client.sendText(PartJson.write(ProcessorPart.text("hello")));
      client.sendText(PartJson.write(ProcessorPart.endOfTurn()));

      ProcessorPart answer = PartJson.read(client.next().text());
      ProcessorPart end = PartJson.read(client.next().text());
      client.sendText(PartJson.write(ProcessorPart.text("again")));
      client.sendText(PartJson.write(ProcessorPart.endOfTurn()));
      ProcessorPart second = PartJson.read(client.next().text());

      assertThat(answer.text()).contains("echo: hello");
      assertThat(end.isSignal(SignalKind.END_OF_TURN)).isTrue();
      assertThat(second.text()).contains("echo: helloecho: helloagain"); // history kept
    }
  }

  @Test
  void audioTravelsAsBinaryFramesAfterItsFormat() throws Exception {
    Processor louder =
        (in, out) -> {
          for (ProcessorPart p : in) {
            if (p.content() instanceof Content.Blob b) {
              out.emitText("got " + b.mimeType() + " " + b.size() + " bytes");
              out.emit(ProcessorPart.audio(b.bytes(), 24_000));
            }
          }
        };
    byte[] pcm = {1, 2, 3, 4, 5, 6};
    try (PipelineServer server = PipelineServer.builder(louder).host("127.0.0.1").port(0).build();
        WsClient client = new WsClient(server.webSocketUrl())) {
      client.sendBinary(pcm);

      assertThat(PartJson.read(client.next().text()).text())
          .contains("got audio/pcm;rate=16000 6 bytes");
      ProcessorPart format = PartJson.read(client.next().text());
      assertThat(format.substream()).isEqualTo(WebSocketParts.AUDIO_FORMAT);
      assertThat(((Content.Json) format.content()).node().path("mimeType").asText())
          .isEqualTo("audio/pcm;rate=24000");
      assertThat(client.next().bytes()).containsExactly(pcm);

      client.sendText(PartJson.write(WebSocketParts.audioFormat("audio/pcm;rate=8000")));
      client.sendBinary(pcm);
      assertThat(PartJson.read(client.next().text()).text())
          .get()
          .asString()
          .contains("audio/pcm;rate=8000");
      assertThat(client.next().bytes()).containsExactly(pcm); // same format: no announcement
    }
  }

  @Test
  void badPartJsonGetsAnErrorPartAndTheConnectionGoesOn() throws Exception {
    try (PipelineServer server =
            PipelineServer.builder(TurnByTurn.of(ECHO_MODEL)).host("127.0.0.1").port(0).build();
        WsClient client = new WsClient(server.webSocketUrl())) {
      client.sendText("{\"content\":{\"type\":\"text\"}}");

      ProcessorPart error = PartJson.read(client.next().text());
      client.sendText(PartJson.write(ProcessorPart.text("still here")));
      client.sendText(PartJson.write(ProcessorPart.endOfTurn()));

      assertThat(error.substream()).isEqualTo(ProcessorPart.STATUS);
      assertThat(error.metadata()).containsEntry(WebSocketParts.ERROR, true);
      assertThat(error.text())
          .get()
          .asString()
          .contains("bad part JSON")
          .contains("'content.text'");
      assertThat(PartJson.read(client.next().text()).text()).contains("echo: still here");
    }
  }

  @Test
  void aFailingRunIsReportedAndTheSocketClosedWith1011() throws Exception {
    Processor failing =
        (in, out) -> {
          in.next();
          throw new IllegalArgumentException("cannot handle that");
        };
    try (PipelineServer server = PipelineServer.builder(failing).host("127.0.0.1").port(0).build();
        WsClient client = new WsClient(server.webSocketUrl())) {
      client.sendText(PartJson.write(ProcessorPart.text("x")));

      ProcessorPart error = PartJson.read(client.next().text());

      assertThat(error.metadata()).containsEntry(WebSocketParts.ERROR, true);
      assertThat(error.text())
          .contains("the run failed: IllegalArgumentException: cannot handle that");
      assertThat(client.awaitClose(Duration.ofSeconds(20))).isEqualTo(1011);
    }
  }

  @Test
  void closingTheSocketCancelsTheRunAndNoThreadIsLeft() throws Exception {
    AtomicReference<Thread> stage = new AtomicReference<>();
    CountDownLatch started = new CountDownLatch(1);
    Processor endless =
        (in, out) -> {
          stage.set(Thread.currentThread());
          started.countDown();
          for (ProcessorPart p : in) {
            out.emit(p);
          }
        };
    try (PipelineServer server =
        PipelineServer.builder(endless).host("127.0.0.1").port(0).build()) {
      WsClient client = new WsClient(server.webSocketUrl());
      assertThat(started.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(server.activeRuns()).isEqualTo(1);

      client.close();

      stage.get().join(TimeUnit.SECONDS.toMillis(20));
      assertThat(stage.get().isAlive()).as("the run's stage thread").isFalse();
      ChatEndpointTest.awaitZero(server);
    }
  }

  @Test
  void closingTheSocketCancelsARunThatIsNotReadingItsInput() throws Exception {
    AtomicReference<Thread> stage = new AtomicReference<>();
    CountDownLatch never = new CountDownLatch(1);
    Processor quiet =
        (in, out) -> {
          stage.set(Thread.currentThread());
          out.emitText("thinking");
          never.await(); // a model call that does not end by itself
        };
    try (PipelineServer server =
        PipelineServer.builder(quiet)
            .host("127.0.0.1")
            .port(0)
            .heartbeat(Duration.ofHours(1)) // no ping ends a thread for us
            .build()) {
      WsClient client = new WsClient(server.webSocketUrl());
      assertThat(PartJson.read(client.next().text()).text()).contains("thinking");

      client.close();

      stage.get().join(TimeUnit.SECONDS.toMillis(20));
      assertThat(stage.get().isAlive()).as("the run's stage thread").isFalse();
      ChatEndpointTest.awaitZero(server);
      assertThat(ServerThreads.awaitNone()).as("output threads left").isEmpty();
    }
  }

  @Test
  void aClientThatDropsTheConnectionWithoutClosingCancelsItsRunAtTheNextPing() throws Exception {
    AtomicReference<Thread> stage = new AtomicReference<>();
    CountDownLatch never = new CountDownLatch(1);
    Processor quiet =
        (in, out) -> {
          stage.set(Thread.currentThread());
          out.emitText("thinking");
          never.await(); // silent: only the heartbeat's ping finds out the client is gone
        };
    try (PipelineServer server =
        PipelineServer.builder(quiet)
            .host("127.0.0.1")
            .port(0)
            .heartbeat(Duration.ofMillis(50))
            .build()) {
      WsClient client = new WsClient(server.webSocketUrl());
      assertThat(PartJson.read(client.next().text()).text()).contains("thinking");

      client.abort();

      stage.get().join(TimeUnit.SECONDS.toMillis(20));
      assertThat(stage.get().isAlive()).as("the run's stage thread").isFalse();
      ChatEndpointTest.awaitZero(server);
      assertThat(ServerThreads.awaitNone()).as("output threads left").isEmpty();
    }
  }

  @Test
  void aClientThatDropsTheConnectionWhileTheRunSpeaksCancelsItAtTheNextPartSent() throws Exception {
    AtomicReference<Thread> stage = new AtomicReference<>();
    CountDownLatch dropped = new CountDownLatch(1);
    Processor chatty =
        (in, out) -> {
          stage.set(Thread.currentThread());
          out.emitText("thinking");
          dropped.await();
          while (true) { // speaks until cancelled: only a failed send can tell it to stop
            out.emitText("more");
            Thread.sleep(10);
          }
        };
    try (PipelineServer server =
        PipelineServer.builder(chatty)
            .host("127.0.0.1")
            .port(0)
            .heartbeat(Duration.ofHours(1)) // no ping: the parts find out
            .build()) {
      WsClient client = new WsClient(server.webSocketUrl());
      assertThat(PartJson.read(client.next().text()).text()).contains("thinking");

      client.abort();
      dropped.countDown();

      stage.get().join(TimeUnit.SECONDS.toMillis(20));
      assertThat(stage.get().isAlive()).as("the run's stage thread").isFalse();
      ChatEndpointTest.awaitZero(server);
      assertThat(ServerThreads.awaitNone()).as("output threads left").isEmpty();
    }
  }

  @Test
  void aSilentConnectionIsPingedEveryHeartbeatAndABusyOneIsNot() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Processor quiet =
        (in, out) -> {
          out.emitText("thinking");
          never.await();
        };
    try (PipelineServer silent =
            PipelineServer.builder(quiet)
                .host("127.0.0.1")
                .port(0)
                .heartbeat(Duration.ofMillis(20))
                .build();
        PipelineServer busy =
            PipelineServer.builder(TurnByTurn.of(ECHO_MODEL))
                .host("127.0.0.1")
                .port(0)
                .heartbeat(Duration.ofHours(1))
                .build();
        WsClient pinged = new WsClient(silent.webSocketUrl());
        WsClient talking = new WsClient(busy.webSocketUrl())) {
      assertThat(PartJson.read(pinged.next().text()).text()).contains("thinking");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (pinged.pings() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      for (String word : List.of("one", "two", "three")) {
        talking.sendText(PartJson.write(ProcessorPart.text(word)));
        talking.sendText(PartJson.write(ProcessorPart.endOfTurn()));
        assertThat(PartJson.read(talking.next().text()).text()).contains("echo: " + word);
        talking.next(); // end_of_turn
      }

      assertThat(pinged.pings()).as("pings on a silent connection").isGreaterThanOrEqualTo(2);
      assertThat(talking.pings()).as("pings within an hour of the last part").isZero();
    }
  }
}
