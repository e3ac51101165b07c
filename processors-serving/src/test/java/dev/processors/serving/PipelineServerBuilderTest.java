package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.PartJson;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RunOptions;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import org.junit.jupiter.api.Test;

class PipelineServerBuilderTest {
  private static final Processor ECHO =
      (in, out) -> {
        for (ProcessorPart p : in) {
          out.emit(p.withRole(ProcessorPart.MODEL));
        }
      };

  @Test
  void portIsCheckedAtBothEndsOfItsRange() {
    PipelineServer.Builder builder = PipelineServer.builder(ECHO);

    assertThat(builder.port(0)).isSameAs(builder);
    assertThat(builder.port(65_535)).isSameAs(builder);
    assertThatThrownBy(() -> builder.port(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0-65535, got -1");
    assertThatThrownBy(() -> builder.port(65_536))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port must be in 0-65535, got 65536");
  }

  @Test
  void maxRequestBytesTakesAnyPositiveSize() {
    PipelineServer.Builder builder = PipelineServer.builder(ECHO);

    assertThat(builder.maxRequestBytes(1)).isSameAs(builder);
    assertThatThrownBy(() -> builder.maxRequestBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxRequestBytes must be positive, got 0");
  }

  @Test
  void theUrlsNameTheHostListenedOn() {
    try (PipelineServer server =
        PipelineServer.builder(ECHO).host("localhost").port(0).webSocketPath("/live").build()) {
      assertThat(server.baseUrl()).isEqualTo("http://localhost:" + server.port());
      assertThat(server.webSocketUrl()).isEqualTo("ws://localhost:" + server.port() + "/live");
    }
  }

  @Test
  void theBuildersChoicesShapeTheServer() throws Exception {
    Set<Thread> madeByOurFactory = ConcurrentHashMap.newKeySet();
    ThreadFactory factory =
        body -> {
          Thread t = Thread.ofVirtual().unstarted(body);
          madeByOurFactory.add(t);
          return t;
        };
    Processor whoAmI =
        (in, out) -> {
          for (ProcessorPart p : in) {
            String what =
                p.content() instanceof Content.Blob b ? b.mimeType() : p.text().orElse("");
            boolean ours = madeByOurFactory.contains(Thread.currentThread());
            out.emitText(what + (ours ? " on our thread" : " on another thread"));
          }
        };
    RunOptions named = RunOptions.defaults().withThreadFactory(factory);
    try (PipelineServer server =
            PipelineServer.builder(whoAmI)
                .host("127.0.0.1")
                .port(0)
                .chatPath("/talk")
                .page(false)
                .inputAudioMimeType("audio/pcm;rate=8000")
                .runOptions(named)
                .build();
        WsClient ws = new WsClient(server.webSocketUrl())) {
      HttpResponse<String> page = Sse.send(server.baseUrl() + "/", "GET", "");
      HttpResponse<String> oldChat =
          Sse.send(server.baseUrl() + "/chat", "POST", "{\"message\":\"hi\"}");
      String talked;
      try (Sse sse =
          Sse.post(server.baseUrl() + "/talk", "application/json", "{\"message\":\"hi\"}")) {
        talked = PartJson.read(sse.next().orElseThrow().data()).text().orElseThrow();
      }
      ws.sendBinary(new byte[] {1, 2});
      String heard = PartJson.read(ws.next().text()).text().orElseThrow();

      assertThat(page.statusCode()).as("GET / without the page").isEqualTo(404);
      assertThat(oldChat.statusCode()).as("the default chat path").isEqualTo(404);
      assertThat(talked).isEqualTo("hi on our thread");
      assertThat(heard).isEqualTo("audio/pcm;rate=8000 on our thread");
      assertThat(server.toString()).isEqualTo("PipelineServer[" + server.baseUrl() + "]");
    }
  }
}
