package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.VirtualClock;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Every figure of a stage reaches a real Micrometer registry with its own value. */
class MicrometerMetersTest {
  private static final long MS = 1_000_000;
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  private double counter(String name, String... tags) {
    return registry.get(name).tag(MetricNames.STAGE, "tts").tags(tags).functionCounter().count();
  }

  private double percentileMillis(String name, String stage, String phi) {
    TimeGauge gauge =
        registry
            .get(name + ".percentile")
            .tag(MetricNames.STAGE, stage)
            .tag("phi", phi)
            .timeGauge();
    return gauge.value(TimeUnit.MILLISECONDS);
  }

  @Test
  void eachCountIsItsOwnCounter() {
    StageMetrics tts = metrics.stage("tts");
    try (MicrometerBinding binding = MicrometerBinding.bind(metrics, registry)) {
      for (int i = 0; i < 7; i++) {
        tts.recordInput();
      }
      for (int i = 0; i < 3; i++) {
        tts.recordOutput();
      }
      tts.recordInterruption();
      tts.recordInterruption();
      tts.recordUnderrun(30 * MS);
      tts.recordUnderrun(40 * MS);
      tts.recordUnderrun(50 * MS);
      tts.recordUnderrun(60 * MS);
      tts.recordTokens(11, 5);
      tts.recordError("Timeout");
      clock.advance(Duration.ofSeconds(1));

      assertThat(counter(MetricNames.PARTS, "direction", "in")).isEqualTo(7);
      assertThat(counter(MetricNames.PARTS, "direction", "out")).isEqualTo(3);
      assertThat(counter(MetricNames.INTERRUPTIONS)).isEqualTo(2);
      assertThat(counter(MetricNames.UNDERRUNS)).isEqualTo(4);
      assertThat(counter(MetricNames.TOKEN_USAGE, MetricNames.TOKEN_TYPE, "input")).isEqualTo(11);
      assertThat(counter(MetricNames.TOKEN_USAGE, MetricNames.TOKEN_TYPE, "output")).isEqualTo(5);
      assertThat(counter(MetricNames.ERRORS)).isEqualTo(1);
    }
  }

  @Test
  void eachPercentileGaugeShowsItsOwnPercentileOfEachLatency() {
    StageMetrics llm = metrics.stage("llm");
    MicrometerBinding.bind(metrics, registry);
    // 100 samples at 1..100 ms: p50 50 ms, p95 95 ms, p99 99 ms; first output ten times longer
    for (int i = 1; i <= 100; i++) {
      llm.recordProcessing(i * MS);
      llm.recordFirstOutput(10 * i * MS);
    }

    String duration = MetricNames.OPERATION_DURATION;
    assertThat(percentileMillis(duration, "llm", "0.5")).isCloseTo(50, within(1.0));
    assertThat(percentileMillis(duration, "llm", "0.95")).isCloseTo(95, within(1.0));
    assertThat(percentileMillis(duration, "llm", "0.99")).isCloseTo(99, within(1.0));
    String first = MetricNames.TIME_TO_FIRST_CHUNK;
    assertThat(percentileMillis(first, "llm", "0.5")).isCloseTo(500, within(5.0));
    assertThat(percentileMillis(first, "llm", "0.95")).isCloseTo(950, within(10.0));
    assertThat(percentileMillis(first, "llm", "0.99")).isCloseTo(990, within(10.0));
  }

  @Test
  void pollsWithinASecondShareOneSnapshotAndASecondLaterSeeNewFigures() {
    StageMetrics llm = metrics.stage("llm");
    MicrometerBinding.bind(metrics, registry);
    clock.advance(Duration.ofSeconds(2));
    llm.recordProcessing(10 * MS);
    assertThat(percentileMillis(MetricNames.OPERATION_DURATION, "llm", "0.5"))
        .isCloseTo(10, within(0.2));

    llm.recordProcessing(500 * MS);
    llm.recordProcessing(500 * MS);
    clock.advance(Duration.ofMillis(999));
    assertThat(percentileMillis(MetricNames.OPERATION_DURATION, "llm", "0.5"))
        .as("still the snapshot taken 999 ms ago")
        .isCloseTo(10, within(0.2));

    clock.advance(Duration.ofMillis(1));
    assertThat(percentileMillis(MetricNames.OPERATION_DURATION, "llm", "0.5"))
        .as("refreshed exactly a second after the last snapshot")
        .isCloseTo(500, within(5.0));
  }

  @Test
  void metersCanBePolledFromOneThreadAfterAnother() throws InterruptedException {
    metrics.stage("llm").recordProcessing(20 * MS);
    MicrometerBinding.bind(metrics, registry);
    assertThat(percentileMillis(MetricNames.OPERATION_DURATION, "llm", "0.99"))
        .isCloseTo(20, within(0.4));

    AtomicReference<Double> polled = new AtomicReference<>();
    Thread poller =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> polled.set(percentileMillis(MetricNames.OPERATION_DURATION, "llm", "0.99")));
    poller.join(Duration.ofSeconds(30));

    assertThat(poller.isAlive()).as("a second polling thread is not blocked").isFalse();
    assertThat(polled.get()).isCloseTo(20, within(0.4));
  }

  @Test
  void closingStopsRegisteringStagesThatAppearLater() {
    metrics.stage("stt");
    MicrometerBinding binding = MicrometerBinding.bind(metrics, registry);
    assertThat(registry.getMeters()).isNotEmpty();

    binding.close();
    metrics.stage("late");
    binding.close();

    assertThat(registry.getMeters()).isEmpty();
  }

  @Test
  void closingAgainLeavesTheMetersOfALaterBindingAlone() {
    metrics.stage("stt");
    MicrometerBinding first = MicrometerBinding.bind(metrics, registry);
    first.close();
    MicrometerBinding second = MicrometerBinding.bind(metrics, registry);
    int registered = registry.getMeters().size();

    first.close(); // idempotent: nothing of the second binding goes

    assertThat(registered).isPositive();
    assertThat(registry.getMeters()).hasSize(registered);
    second.close();
    assertThat(registry.getMeters()).isEmpty();
  }
}
