package dev.processors.model.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.RetryPolicy;
import dev.processors.model.TransportException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The model's read timeout: a stream silent for longer than it is cut by the model's own watch and
 * the attempt fails with a retryable transport error naming the silence; silence counts from the
 * start of the HTTP call and from each event since, so a long stream of short pauses is never cut.
 *
 * <p>The watch runs on the system clock (the SDK's HTTP thread reports events with {@code
 * System.nanoTime()}), so these tests take a little wall time; every outcome holds whatever the
 * scheduling, with margins of 20 times between the pauses and the timeout.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReadTimeoutTest {
  private final ScriptedBackend backend = new ScriptedBackend();

  private Processor model(int attempts, Duration readTimeout) {
    RetryPolicy retry =
        RetryPolicy.builder()
            .maxAttempts(attempts)
            .initialDelay(Duration.ZERO)
            .maxDelay(Duration.ZERO)
            .jitter(0)
            .build();
    ModelRunner<String> runner =
        new ModelRunner<>(
            backend,
            new TestModelBuilder()
                .model("m-1")
                .retryPolicy(retry)
                .readTimeout(readTimeout)
                .settings());
    return runner::process;
  }

  /**
   * An attempt whose HTTP call starts, streams {@code deltas} and then goes silent until it is
   * cancelled, when its read fails as OkHttp's does.
   */
  private static ScriptedBackend.Attempt silentAfter(String... deltas) {
    return (out, call) -> {
      CountDownLatch cut = new CountDownLatch(1);
      call.attach(cut::countDown);
      for (String d : deltas) {
        call.received();
        out.text(d);
      }
      if (!cut.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("the silent call was never cut");
      }
      throw new IOException("Canceled");
    };
  }

  private static List<String> texts(List<ProcessorPart> parts) {
    List<String> out = new ArrayList<>();
    for (ProcessorPart p : parts) {
      if (p.isText() && p.substream().isEmpty()) {
        out.add(p.text().orElseThrow());
      }
    }
    return out;
  }

  @Test
  void aStreamSilentForLongerThanTheReadTimeoutIsCutAndRetriedWithoutDuplicates() {
    backend.then(silentAfter("Hel")).then(ScriptedBackend.text("Hello", "!"));
    List<ProcessorPart> out =
        model(2, Duration.ofMillis(100)).apply(List.of(ProcessorPart.text("hi")));
    assertThat(texts(out)).containsExactly("Hel", "lo", "!");
    assertThat(out.stream().filter(p -> p.substream().equals(ProcessorPart.DEBUG)))
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.text().orElseThrow())
                    .contains("the stream stayed silent for 100 ms (the read timeout)"));
    assertThat(backend.classified()).isEmpty();
  }

  @Test
  void whenRetriesRunOutAStalledStreamFailsTypedNamingTheSilence() {
    backend.then(silentAfter("a", "b"));
    Throwable failure;
    try {
      model(1, Duration.ofMillis(150)).apply(List.of(ProcessorPart.text("hi")));
      throw new AssertionError("expected the run to fail");
    } catch (ProcessorException e) {
      failure = e.getCause();
    }
    assertThat(failure)
        .isInstanceOf(TransportException.class)
        .hasMessageContaining(
            "the stream stayed silent for 150 ms (the read timeout); the call was cut");
    TransportException t = (TransportException) failure;
    assertThat(t.retryable()).isTrue();
    assertThat(t.statusCode()).isEmpty();
    assertThat(t.getCause()).isInstanceOf(IOException.class).hasMessage("Canceled");
  }

  @Test
  void pausesShorterThanTheReadTimeoutDoNotCutAStreamLongerThanIt() {
    AtomicBoolean cancelled = new AtomicBoolean();
    backend.then(
        (out, call) -> {
          call.attach(() -> cancelled.set(true));
          for (int i = 0; i < 120; i++) { // 6 s in all: longer than the read timeout
            Thread.sleep(50);
            if (cancelled.get()) {
              throw new IOException("Canceled");
            }
            call.received();
            out.text(Integer.toString(i % 10));
          }
        });
    List<ProcessorPart> out =
        model(1, Duration.ofSeconds(5)).apply(List.of(ProcessorPart.text("hi")));
    // pauses a hundredth of the timeout: a loaded machine stalling the reader never cuts it
    assertThat(String.join("", texts(out))).isEqualTo("0123456789".repeat(12));
  }

  @Test
  void silenceBeforeTheHttpCallStartsIsNotCountedAgainstIt() {
    AtomicBoolean cancelled = new AtomicBoolean();
    backend.then(
        (out, call) -> {
          // the SDK prepares the request for longer than the read timeout, then the call starts
          Thread.sleep(2_500);
          call.attach(() -> cancelled.set(true));
          if (cancelled.get()) {
            throw new IOException("Canceled");
          }
          call.received();
          out.text("in time");
        });
    List<ProcessorPart> out =
        model(1, Duration.ofSeconds(2)).apply(List.of(ProcessorPart.text("hi")));
    assertThat(texts(out)).containsExactly("in time");
  }
}
