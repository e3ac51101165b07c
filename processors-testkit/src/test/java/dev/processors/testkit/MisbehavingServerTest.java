package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connection-level faults, as the JDK's HTTP client meets them. */
@ExtendWith(LeakCheck.class)
@Timeout(60)
class MisbehavingServerTest {

  private static HttpResponse<String> post(HttpClient client, String url) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url + "/v1/responses"))
            .timeout(Duration.ofMillis(500))
            .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static void assertFails(
      MisbehavingServer.Fault fault, boolean tls, Class<? extends Throwable> type)
      throws Exception {
    try (MisbehavingServer server = MisbehavingServer.start(fault);
        HttpClient client = HttpClient.newHttpClient()) {
      String url = tls ? server.httpsUrl() : server.httpUrl();
      assertThatThrownBy(() -> post(client, url)).as("%s", fault).isInstanceOf(type);
      assertThat(server.awaitConnections(1, Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void aServerThatHangsUpAtOnceBreaksTheRequest() throws Exception {
    assertFails(MisbehavingServer.Fault.CLOSE, false, IOException.class);
  }

  @Test
  void aServerThatResetsTheConnectionBreaksTheRequest() throws Exception {
    assertFails(MisbehavingServer.Fault.RESET, false, IOException.class);
  }

  @Test
  void aSilentServerLeavesOnlyTheClientsTimeout() throws Exception {
    assertFails(MisbehavingServer.Fault.SILENCE, false, HttpTimeoutException.class);
  }

  @Test
  void aServerThatAnswersGarbageIsNotTakenForHttp() throws Exception {
    assertFails(MisbehavingServer.Fault.GARBAGE, false, IOException.class);
  }

  @Test
  void aServerWithoutTlsRefusesTheHandshake() throws Exception {
    assertFails(MisbehavingServer.Fault.PLAINTEXT, true, SSLException.class);
    try (MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Fault.PLAINTEXT);
        HttpClient client = HttpClient.newHttpClient()) {
      HttpResponse<String> plain = post(client, server.httpUrl());
      assertThat(plain.statusCode()).isEqualTo(400);
      assertThat(plain.body()).contains("does not speak TLS");
    }
  }

  @Test
  void nothingListensOnTheRefusedUrl() throws Exception {
    try (HttpClient client = HttpClient.newHttpClient()) {
      assertThatThrownBy(() -> post(client, MisbehavingServer.refusedUrl()))
          .isInstanceOf(ConnectException.class);
    }
  }

  @Test
  void closingTheServerEndsItsSilentConnections() throws Exception {
    MisbehavingServer server = MisbehavingServer.start(MisbehavingServer.Fault.SILENCE);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      assertThat(server.awaitConnections(1, Duration.ofSeconds(5))).isTrue();
      server.close();
      socket.setSoTimeout(5_000);
      assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(server.connections()).isEqualTo(1);
  }
}
