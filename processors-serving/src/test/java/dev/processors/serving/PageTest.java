package dev.processors.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The page at {@code /} talks to the WebSocket endpoint. The browser test runs it in headless
 * Chromium (Debian package {@code chromium}) and is skipped, saying why, when Chromium is missing.
 */
class PageTest {
  private static final Processor ECHO =
      TurnByTurn.of(
          (in, out) -> {
            String said = ProcessorPart.textOf(in.toList());
            out.emit(ProcessorPart.status("thinking about " + said));
            out.emitText("You said: ");
            out.emitText(said);
          });

  @Test
  void thePageIsServedWithItsEndpointsFilledIn() throws Exception {
    try (PipelineServer server =
        PipelineServer.builder(ECHO).host("127.0.0.1").port(0).webSocketPath("/live").build()) {
      HttpResponse<String> page = Sse.send(server.baseUrl() + "/", "GET", "");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("content-type"))
          .get()
          .asString()
          .startsWith("text/html");
      assertThat(page.body()).contains("location.host + \"/live\"").doesNotContain("__WS_PATH__");
      assertThat(page.body()).doesNotContain("https://").doesNotContain(" src=");
    }
  }

  @Test
  void chromiumTalksToThePipelineThroughThePage() throws Exception {
    Optional<Path> browser = HeadlessChromium.find();
    assumeTrue(
        browser.isPresent(),
        "headless Chromium not installed (Debian: apt-get install chromium); skipping the"
            + " browser check of the page");
    try (PipelineServer server = PipelineServer.builder(ECHO).host("127.0.0.1").port(0).build();
        HeadlessChromium chromium = new HeadlessChromium(browser.get())) {
      chromium.open(server.baseUrl() + "/?say=hello%20pipeline");

      boolean answered =
          chromium.await("document.body.dataset.turns === '1'", Duration.ofSeconds(60));
      String log = chromium.evaluate("document.getElementById('log').innerText");

      assertThat(answered).as("the page saw the end of the turn; log: %s", log).isTrue();
      assertThat(chromium.evaluate("document.body.dataset.state")).isEqualTo("open");
      assertThat(log)
          .contains("hello pipeline")
          .contains("[status] thinking about hello pipeline")
          .contains("You said: hello pipeline");
      chromium.evaluate(
          "document.getElementById('message').value = 'typed';"
              + " document.getElementById('form').requestSubmit(); 'sent'");
      assertThat(chromium.await("document.body.dataset.turns === '2'", Duration.ofSeconds(60)))
          .isTrue();
      assertThat(chromium.evaluate("document.getElementById('log').innerText"))
          .contains("You said: typed");
    }
  }
}
