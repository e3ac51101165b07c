package dev.processors.gemini;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.PartQueue;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorRun;
import dev.processors.testkit.FakeLiveServer;
import dev.processors.testkit.LeakCheck;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A server message that breaks the protocol fails the run with LiveApiProtocolException. */
@ExtendWith(LeakCheck.class)
class LiveApiMalformedTest {
  private FakeLiveServer server;

  @BeforeAll
  static void makeTheSharedHttpClient() {
    LiveHttp.client();
  }

  @BeforeEach
  void startServer() {
    server = FakeLiveServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  private void assertProtocolError(String serverMessage, String expected) {
    LiveApiProcessor live =
        LiveApiProcessor.builder()
            .baseUrl(server.baseUrl())
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    try (ProcessorRun run = live.start(PartQueue.create())) {
      server.awaitSession().send(serverMessage);
      assertThatThrownBy(run::toList)
          .isInstanceOf(ProcessorException.class)
          .hasCauseInstanceOf(LiveApiProtocolException.class)
          .hasMessageContaining(expected);
    }
  }

  @Test
  void audioThatIsNotBase64IsAProtocolError() {
    assertProtocolError(
        "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":"
            + "{\"mimeType\":\"audio/pcm;rate=24000\",\"data\":\"%%% not base64 %%%\"}}]}}}",
        "inlineData.data is not base64");
  }

  @Test
  void aBadMimeTypeIsAProtocolError() {
    assertProtocolError(
        "{\"serverContent\":{\"modelTurn\":{\"parts\":[{\"inlineData\":"
            + "{\"mimeType\":\"not a mime type\",\"data\":\"AAAA\"}}]}}}",
        "inlineData has a bad MIME type 'not a mime type'");
  }

  @Test
  void aToolCallWithoutANameIsAProtocolError() {
    assertProtocolError(
        "{\"toolCall\":{\"functionCalls\":[{\"id\":\"fc-1\",\"args\":{}}]}}",
        "a tool call has no name");
  }
}
