package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.core.Content;
import dev.processors.core.PartJson;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChatEndpointTest {
  private static final Processor ECHO =
      (in, out) -> {
        for (ProcessorPart p : in) {
          out.emit(p.withRole(ProcessorPart.MODEL));
        }
      };

  private static PipelineServer serve(Processor p) {
    return PipelineServer.builder(p).host("127.0.0.1").port(0).build();
  }

  @Test
  void chatStreamsEachPartTheMomentItIsEmitted() throws Exception {
    CountDownLatch gate = new CountDownLatch(1);
    Processor gated =
        (in, out) -> {
          in.toList();
          out.emitText("first");
          gate.await();
          out.emitText("second");
        };
    try (PipelineServer server = serve(gated);
        Sse sse =
            Sse.post(server.baseUrl() + "/chat", "application/json", "{\"message\":\"hi\"}")) {
      assertThat(sse.status).isEqualTo(200);
      assertThat(sse.contentType).startsWith("text/event-stream");

      Sse.Event first = sse.next().orElseThrow(); // arrives while the processor still waits

      assertThat(first.name()).isEqualTo("part");
      assertThat(PartJson.read(first.data()).text()).contains("first");
      assertThat(gate.getCount()).isEqualTo(1);
      gate.countDown();
      assertThat(PartJson.read(sse.next().orElseThrow().data()).text()).contains("second");
      assertThat(sse.next().orElseThrow().name()).isEqualTo("done");
      assertThat(sse.next()).isEmpty();
    }
  }

  @Test
  void messagePartsAndPlainTextBodiesBecomeTheRunsInput() throws Exception {
    try (PipelineServer server = serve(ECHO)) {
      String parts =
          "{\"parts\":["
              + PartJson.write(ProcessorPart.text("a"))
              + ","
              + PartJson.write(ProcessorPart.jsonOf(Map.of("k", 1)))
              + "],\"message\":\"b\"}";

      assertThat(texts(server, "application/json", "{\"message\":\"hello\"}"))
          .containsExactly("hello");
      assertThat(texts(server, "application/json", parts)).containsExactly("a", "{\"k\":1}", "b");
      assertThat(texts(server, "text/plain; charset=utf-8", "plain words"))
          .containsExactly("plain words");
    }
  }

  @Test
  void badBodiesGet400NamingTheProblem() throws Exception {
    try (PipelineServer server = serve(ECHO)) {
      String url = server.baseUrl() + "/chat";

      HttpResponse<String> broken = Sse.send(url, "POST", "{\"message\": }");
      HttpResponse<String> unknown = Sse.send(url, "POST", "{\"mesage\": \"hi\"}");
      HttpResponse<String> badPart = Sse.send(url, "POST", "{\"parts\":[{\"content\":{}}]}");
      HttpResponse<String> empty = Sse.send(url, "POST", "{}");
      HttpResponse<String> emptyText = Sse.send(url, "POST", "text/plain", " ");
      HttpResponse<String> array = Sse.send(url, "POST", "[\"hi\"]");

      assertThat(broken.statusCode()).isEqualTo(400);
      assertThat(broken.body()).contains("not valid JSON").contains("line 1, column");
      assertThat(unknown.statusCode()).isEqualTo(400);
      assertThat(unknown.body()).contains("unknown field 'mesage'");
      assertThat(badPart.statusCode()).isEqualTo(400);
      assertThat(badPart.body()).contains("parts[0]").contains("type");
      assertThat(empty.statusCode()).isEqualTo(400);
      assertThat(empty.body()).contains("'message' or 'parts'");
      assertThat(emptyText.statusCode()).isEqualTo(400);
      assertThat(emptyText.body()).contains("text/plain body is empty");
      assertThat(array.statusCode()).isEqualTo(400);
      assertThat(array.body()).contains("must be a JSON object").contains("got array");
    }
  }

  @Test
  void aBodyOverTheLimitGets413() throws Exception {
    try (PipelineServer server =
        PipelineServer.builder(ECHO).host("127.0.0.1").port(0).maxRequestBytes(100).build()) {
      HttpResponse<String> big =
          Sse.send(server.baseUrl() + "/chat", "POST", "{\"message\":\"" + "x".repeat(500) + "\"}");

      assertThat(big.statusCode()).isEqualTo(413);
    }
  }

  @Test
  void unknownRoutesGet404AndAWrongMethod405() throws Exception {
    try (PipelineServer server = serve(ECHO)) {
      HttpResponse<String> missing = Sse.send(server.baseUrl() + "/nowhere", "GET", "");
      HttpResponse<String> get = Sse.send(server.baseUrl() + "/chat", "GET", "");

      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.body()).contains("no route for GET /nowhere");
      assertThat(get.statusCode()).isEqualTo(405);
      assertThat(get.headers().firstValue("allow")).contains("POST");
    }
  }

  @Test
  void aFailingRunEndsTheStreamWithAnErrorEvent() throws Exception {
    Processor failing =
        ((Processor)
                (in, out) -> {
                  in.toList();
                  out.emitText("partial");
                  throw new IllegalStateException("the model fell over");
                })
            .named("flaky-model");
    try (PipelineServer server = serve(failing);
        Sse sse = Sse.post(server.baseUrl() + "/chat", "application/json", "{\"message\":\"x\"}")) {
      List<Sse.Event> events = all(sse);

      assertThat(events).extracting(Sse.Event::name).endsWith("error");
      JsonNode error = new ObjectMapper().readTree(events.get(events.size() - 1).data());
      // the root cause, not the wrapping ProcessorException
      assertThat(error.path("error").asText())
          .isEqualTo("IllegalStateException: the model fell over");
      assertThat(error.path("stage").asText()).contains("flaky-model");
    }
  }

  @Test
  void aClientThatHangsUpCancelsItsRunAndNoThreadIsLeft() throws Exception {
    AtomicReference<Thread> stage = new AtomicReference<>();
    CountDownLatch never = new CountDownLatch(1);
    Processor slow =
        (in, out) -> {
          stage.set(Thread.currentThread());
          in.toList();
          out.emitText("first");
          never.await(); // a model that goes quiet
        };
    try (PipelineServer server =
        PipelineServer.builder(slow)
            .host("127.0.0.1")
            .port(0)
            .heartbeat(Duration.ofMillis(50))
            .build()) {
      Sse sse = Sse.post(server.baseUrl() + "/chat", "application/json", "{\"message\":\"x\"}");
      assertThat(sse.next()).isPresent();
      assertThat(server.activeRuns()).isEqualTo(1);

      sse.close();

      stage.get().join(TimeUnit.SECONDS.toMillis(20));
      assertThat(stage.get().isAlive()).as("the run's stage thread").isFalse();
      awaitZero(server);
    }
  }

  @Test
  void aSilentRunOutlivesManyHeartbeats() throws Exception {
    Processor slow =
        (in, out) -> {
          in.toList();
          out.emitText("one");
          Thread.sleep(400);
          out.emitText("two");
        };
    try (PipelineServer server =
            PipelineServer.builder(slow)
                .host("127.0.0.1")
                .port(0)
                .heartbeat(Duration.ofMillis(20))
                .build();
        Sse sse = Sse.post(server.baseUrl() + "/chat", "application/json", "{\"message\":\"x\"}")) {
      List<Sse.Event> events = all(sse);

      assertThat(events).extracting(Sse.Event::name).containsExactly("part", "part", "done");
    }
  }

  @Test
  void thePortComesFromServerPort() {
    assertThat(PipelineServer.portFrom(Map.of())).isEqualTo(8080);
    assertThat(PipelineServer.portFrom(Map.of("SERVER_PORT", "9123"))).isEqualTo(9123);
    assertThatThrownBy(() -> PipelineServer.portFrom(Map.of("SERVER_PORT", "eighty")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("SERVER_PORT")
        .hasMessageContaining("eighty");
    assertThat(PipelineServer.portFrom(Map.of("SERVER_PORT", "0"))).isZero();
    assertThat(PipelineServer.portFrom(Map.of("SERVER_PORT", "65535"))).isEqualTo(65_535);
    for (String bad : List.of("-1", "65536")) {
      assertThatThrownBy(() -> PipelineServer.portFrom(Map.of("SERVER_PORT", bad)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("0-65535")
          .hasMessageContaining("'" + bad + "'");
    }
  }

  @Test
  void aStreamThatIsNeverSilentForAHeartbeatGetsNoKeepAlives() throws Exception {
    Processor slow =
        (in, out) -> {
          in.toList();
          out.emitText("one");
          Thread.sleep(300);
          out.emitText("two");
        };
    try (PipelineServer server =
            PipelineServer.builder(slow)
                .host("127.0.0.1")
                .port(0)
                .heartbeat(Duration.ofHours(1))
                .build();
        Sse sse = Sse.post(server.baseUrl() + "/chat", "application/json", "{\"message\":\"x\"}")) {
      List<Sse.Event> events = all(sse);

      assertThat(events).extracting(Sse.Event::name).containsExactly("part", "part", "done");
      assertThat(sse.comments()).as("keep-alive comments").isZero();
    }
  }

  static void awaitZero(PipelineServer server) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (server.activeRuns() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(server.activeRuns()).as("runs still active").isZero();
  }

  private static List<String> texts(PipelineServer server, String type, String body)
      throws Exception {
    try (Sse sse = Sse.post(server.baseUrl() + "/chat", type, body)) {
      List<String> texts = new ArrayList<>();
      for (Sse.Event e : all(sse)) {
        if (e.name().equals("part")) {
          ProcessorPart p = PartJson.read(e.data());
          texts.add(
              switch (p.content()) {
                case Content.Text t -> t.text();
                case Content.Json j -> j.json();
                default -> p.toString();
              });
        }
      }
      return texts;
    }
  }

  static List<Sse.Event> all(Sse sse) throws Exception {
    List<Sse.Event> events = new ArrayList<>();
    for (var e = sse.next(); e.isPresent(); e = sse.next()) {
      events.add(e.get());
    }
    return events;
  }
}
