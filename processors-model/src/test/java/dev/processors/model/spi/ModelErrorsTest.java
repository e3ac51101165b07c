package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.model.AuthenticationException;
import dev.processors.model.BadRequestException;
import dev.processors.model.ModelException;
import dev.processors.model.RateLimitException;
import dev.processors.model.ServerErrorException;
import dev.processors.model.StreamErrorException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ModelErrorsTest {

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  @ParameterizedTest(name = "HTTP {0} is {1}, retryable={2}")
  @CsvSource({
    "401, AuthenticationException, false",
    "403, AuthenticationException, false",
    "429, RateLimitException, true",
    "408, ServerErrorException, true",
    "500, ServerErrorException, true",
    "503, ServerErrorException, true",
    "599, ServerErrorException, true",
    "400, BadRequestException, false",
    "404, BadRequestException, false",
    "409, BadRequestException, false",
    "499, BadRequestException, false",
    "399, StreamErrorException, false",
    "600, StreamErrorException, false",
    "200, StreamErrorException, false",
  })
  void everyHttpStatusMapsToItsTypedErrorAndRetryability(
      int status, String type, boolean retryable) {
    Duration wait = Duration.ofSeconds(7);
    IOException cause = new IOException("wire");
    ModelException e = ModelErrors.forStatus("acme", status, "went wrong", wait, cause);
    assertThat(e.getClass().getSimpleName()).isEqualTo(type);
    assertThat(e.retryable()).isEqualTo(retryable);
    assertThat(e.provider()).isEqualTo("acme");
    assertThat(e.statusCode()).hasValue(status);
    assertThat(e.retryAfter()).contains(wait);
    assertThat(e.getCause()).isSameAs(cause);
    assertThat(e.getMessage()).contains("HTTP " + status + ": went wrong");
  }

  @Test
  void theTypesAreTheSealedSubclassesNotJustTheirNames() {
    assertThat(ModelErrors.forStatus("p", 401, "", null, null))
        .isInstanceOf(AuthenticationException.class);
    assertThat(ModelErrors.forStatus("p", 429, "", null, null))
        .isInstanceOf(RateLimitException.class);
    assertThat(ModelErrors.forStatus("p", 502, "", null, null))
        .isInstanceOf(ServerErrorException.class);
    assertThat(ModelErrors.forStatus("p", 422, "", null, null))
        .isInstanceOf(BadRequestException.class);
    assertThat(ModelErrors.forStatus("p", 302, "", null, null))
        .isInstanceOf(StreamErrorException.class);
  }

  @Test
  void aMissingOrBlankMessageLeavesJustTheStatus() {
    assertThat(ModelErrors.forStatus("p", 500, null, null, null).getMessage())
        .contains("HTTP 500")
        .doesNotContain("HTTP 500:");
    assertThat(ModelErrors.forStatus("p", 500, "  ", null, null).getMessage())
        .doesNotContain("HTTP 500:");
  }

  @Test
  void cancellationIsRecognisedAnywhereInTheCauseChain() {
    assertThat(ModelErrors.isCancellation(new CancellationException())).isTrue();
    assertThat(ModelErrors.isCancellation(new RuntimeException(new InterruptedException())))
        .isTrue();
    assertThat(
            ModelErrors.isCancellation(
                new UncheckedIOException(new IOException(new ClosedByInterruptException()))))
        .isTrue();
    assertThat(ModelErrors.isCancellation(new InterruptedIOException("interrupted read"))).isTrue();
  }

  @Test
  void aSocketTimeoutOrAPlainFailureIsNoCancellation() {
    assertThat(ModelErrors.isCancellation(new SocketTimeoutException("read timed out"))).isFalse();
    assertThat(ModelErrors.isCancellation(new IOException("reset", new RuntimeException())))
        .isFalse();
    assertThat(ModelErrors.isCancellation(null)).isFalse();
  }

  @Test
  void anInterruptedThreadCountsAsCancelledWhateverTheError() {
    Thread.currentThread().interrupt();
    assertThat(ModelErrors.isCancellation(new IOException("reset"))).isTrue();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  /** A throwable whose cause is itself, as some libraries build them. */
  static final class SelfCaused extends RuntimeException {
    SelfCaused(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable getCause() {
      return this;
    }
  }

  @Test
  void aSelfCausedThrowableEndsTheChainWalk() {
    assertThat(ModelErrors.isCancellation(new SelfCaused("loop"))).isFalse();
    assertThat(ModelErrors.describe(new SelfCaused(null))).isEqualTo("SelfCaused");
  }

  @Test
  void theCancellationToThrowKeepsTheCauseOrIsTheCancellationItself() {
    IOException io = new IOException("closed");
    CancellationException wrapped = ModelErrors.cancellation(io);
    assertThat(wrapped).hasMessage("generation cancelled").hasCause(io);

    CancellationException original = new CancellationException("run closed");
    assertThat(ModelErrors.cancellation(original)).isSameAs(original);

    assertThat(ModelErrors.cancellation(null)).hasMessage("generation cancelled").hasNoCause();
  }

  @Test
  void describeNamesTheFirstMeaningfulMessageInTheChain() {
    Throwable t =
        new RuntimeException(
            "", new IllegalStateException(null, new IOException("connection reset")));
    assertThat(ModelErrors.describe(t)).isEqualTo("IOException: connection reset");
    assertThat(ModelErrors.describe(new IOException("top", new RuntimeException("below"))))
        .isEqualTo("IOException: top");
  }

  @Test
  void describeFallsBackToTheTypeOrToUnknown() {
    assertThat(ModelErrors.describe(new IllegalStateException()))
        .isEqualTo("IllegalStateException");
    assertThat(ModelErrors.describe(null)).isEqualTo("unknown error");
  }
}
