package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The optional Micrometer binding, and the promise that nothing else needs Micrometer. */
class MicrometerBindingTest {
  private static final long MS = 1_000_000;
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Test
  void figuresAppearUnderTheOpenTelemetryNames() {
    StageMetrics llm = metrics.stage("llm");
    MicrometerBinding binding = MicrometerBinding.bind(metrics, registry);
    llm.recordFirstOutput(300 * MS);
    llm.recordProcessing(40 * MS);
    llm.recordTokens(100, 20);
    llm.recordError("IOException");
    for (int i = 0; i < 5; i++) {
      llm.recordOutput();
    }
    clock.advance(Duration.ofSeconds(2));

    TimeGauge ttft =
        registry
            .get(MetricNames.TIME_TO_FIRST_CHUNK + ".percentile")
            .tag(MetricNames.STAGE, "llm")
            .tag("phi", "0.99")
            .timeGauge();
    assertThat(ttft.value(TimeUnit.MILLISECONDS)).isCloseTo(300, within(3.0));
    FunctionCounter output =
        registry
            .get(MetricNames.TOKEN_USAGE)
            .tag(MetricNames.TOKEN_TYPE, "output")
            .functionCounter();
    assertThat(output.count()).isEqualTo(20);
    assertThat(registry.get(MetricNames.ERRORS).functionCounter().count()).isEqualTo(1);
    assertThat(registry.get(MetricNames.PARTS).tag("direction", "out").functionCounter().count())
        .isEqualTo(5);
    assertThat(registry.get(MetricNames.THROUGHPUT).gauge().value()).isEqualTo(2.5);

    binding.close();
    assertThat(registry.getMeters()).as("closing removes the meters").isEmpty();
  }

  @Test
  void stagesCreatedAfterBindingAreRegisteredToo() {
    MicrometerBinding binding = MicrometerBinding.bind(metrics, registry);
    metrics.instrument("agent", (in, out) -> {});
    metrics.stage("agent").recordTurn(700 * MS);

    assertThat(
            registry
                .get(MetricNames.TURN_LATENCY + ".percentile")
                .tag(MetricNames.STAGE, "agent")
                .tag("phi", "0.5")
                .timeGauge()
                .value(TimeUnit.MILLISECONDS))
        .isCloseTo(700, within(7.0));
    binding.close();
    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void noClassButTheBindingReferencesMicrometer() throws IOException {
    Path classes =
        Paths.get(
            RealTimeMetrics.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<Path> offenders;
    try (Stream<Path> files = Files.walk(classes)) {
      offenders =
          files
              .filter(p -> p.toString().endsWith(".class"))
              .filter(p -> !p.getFileName().toString().startsWith("MicrometerBinding"))
              .filter(
                  p -> {
                    try {
                      return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                          .contains("io/micrometer");
                    } catch (IOException e) {
                      throw new java.io.UncheckedIOException(e);
                    }
                  })
              .toList();
    }
    assertThat(offenders).isEmpty();
  }
}
