package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.ProcessorException;
import dev.processors.gemini.LiveApiSetupException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class FailuresTest {

  @Test
  void anUnreachableLiveApiSaysWhatToCheckNotABareConnectException() {
    Throwable failure =
        new ProcessorException(
            "live",
            new LiveApiSetupException(
                "connecting failed", true, new ConnectException("Connection refused")));
    String line = Failures.explain(failure, Failures.Service.GEMINI_LIVE).getMessage();
    assertThat(line)
        .startsWith("Gemini's Live API: the service cannot be reached (ConnectException:")
        .contains("check the network")
        .doesNotContain("OPENAI")
        .doesNotContain("\n");
  }

  @Test
  void aRefusedLiveApiSetupNamesTheKeyAndTheLiveModelVariables() {
    Throwable failure =
        new LiveApiSetupException("the setup was refused: API key not valid", false, null);
    assertThat(Failures.explain(failure, Failures.Service.GEMINI_LIVE).getMessage())
        .startsWith(
            "Gemini's Live API: the session could not be set up;"
                + " check GEMINI_API_KEY and GEMINI_LIVE_MODEL")
        .contains("API key not valid");
  }

  @Test
  void aMultiLineMessageBecomesOneLine() {
    Throwable failure = new IllegalStateException("first\n  second\r\nthird");
    assertThat(Failures.explain(failure, Failures.Service.SIMULATED).getMessage())
        .isEqualTo("the offline simulated model: first second third");
  }
}
