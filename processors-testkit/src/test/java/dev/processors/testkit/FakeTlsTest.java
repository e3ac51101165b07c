package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The fakes over TLS: trusted through {@link FakeTls}, refused by any other client. */
@ExtendWith(LeakCheck.class)
@Timeout(60)
class FakeTlsTest {

  @ParameterizedTest
  @EnumSource(Wire.class)
  void anHttpsFakeStreamsToAClientThatTrustsTheTestkitCertificate(Wire wire) throws Exception {
    try (FakeModelServer fake = wire.start(true)) {
      assertThat(fake.tls()).isTrue();
      assertThat(fake.baseUrl()).startsWith("https://127.0.0.1:");
      fake.enqueue(FakeTurn.text("over", " tls"));
      RawResponse r = RawResponse.post(wire.url(fake), wire.request("hi"), Duration.ofSeconds(10));
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.events().stream().map(wire::text)).containsSubsequence("over", " tls");
      assertThat(wire.terminal(r.events().get(r.events().size() - 1))).isTrue();
      assertThat(fake.lastRequest().orElseThrow().header("x-goog-api-key")).contains("test-key");
    }
  }

  @Test
  void aClientWithTheDefaultTrustFailsTheHandshake() throws Exception {
    try (FakeGeminiServer fake = FakeGeminiServer.startTls();
        HttpClient client = HttpClient.newHttpClient()) {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(fake.baseUrl() + "/v1beta/models/m:x"))
              .POST(HttpRequest.BodyPublishers.ofString("{}"))
              .build();
      assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.discarding()))
          .isInstanceOf(SSLHandshakeException.class);
      assertThat(fake.requests()).isEmpty();
    }
  }

  @Test
  void aCleartextClientGetsNothingFromATlsFake() throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.startTls()) {
      fake.enqueue(FakeTurn.text("secret"));
      String cleartext = fake.baseUrl().replace("https://", "http://") + "/responses";
      assertThatThrownBy(
              () -> RawResponse.post(cleartext, "{\"stream\":true}", Duration.ofSeconds(5)))
          .isInstanceOf(IOException.class);
      assertThat(fake.requests()).isEmpty();
    }
  }

  @Test
  void theCertificateNamesTheLoopbackAddressAndLocalhost() throws Exception {
    List<List<?>> names = List.copyOf(FakeTls.certificate().getSubjectAlternativeNames());
    assertThat(names).contains(List.of(7, "127.0.0.1"), List.of(2, "localhost"));
    FakeTls.certificate().checkValidity();
  }

  @Test
  void theLiveFakeSpeaksWssToAClientThatTrustsTheTestkitCertificate() throws Exception {
    try (FakeLiveServer server = FakeLiveServer.startTls();
        HttpClient client = HttpClient.newBuilder().sslContext(FakeTls.clientContext()).build()) {
      assertThat(server.baseUrl()).startsWith("wss://127.0.0.1:");
      CompletableFuture<String> first = new CompletableFuture<>();
      WebSocket ws =
          client
              .newWebSocketBuilder()
              .header("x-goog-api-key", "test-key")
              .buildAsync(
                  URI.create(server.baseUrl() + "/ws/live"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(
                        WebSocket webSocket, ByteBuffer data, boolean last) {
                      first.complete(StandardCharsets.UTF_8.decode(data).toString());
                      webSocket.request(1); // read on, or the close handshake never completes
                      return null;
                    }
                  })
              .get(10, TimeUnit.SECONDS);
      ws.sendText("{\"setup\":{\"model\":\"models/x\"}}", true).get(10, TimeUnit.SECONDS);
      assertThat(first.get(10, TimeUnit.SECONDS)).contains("setupComplete");
      assertThat(server.awaitSession().apiKeyPresent()).isTrue();
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
      assertThat(server.sessions().get(0).awaitClosed()).isTrue();
    }
  }
}
