package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.processors.core.Clock;
import dev.processors.core.PartProcessor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Probes trace parts that travel unchanged, through a side table, without touching them. */
class ProbeTest {
  private final VirtualClock clock = Clock.virtual();
  private final RealTimeMetrics metrics = RealTimeMetrics.create(clock);

  private PartProcessor delay(long millis) {
    return (part, out) -> {
      clock.advance(Duration.ofMillis(millis));
      out.emit(part);
    };
  }

  @Test
  void probesMeasureHowLongAPartTookBetweenThem() {
    PartProcessor traced =
        metrics
            .probe("mic")
            .andThen(delay(40))
            .andThen(metrics.probe("vad"))
            .andThen(delay(25))
            .andThen(metrics.probe("speaker"));
    List<ProcessorPart> in = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      in.add(ProcessorPart.audio(new byte[] {(byte) i, 0}, 16000));
    }

    List<ProcessorPart> out = traced.apply(in);

    for (int i = 0; i < in.size(); i++) {
      assertThat(out.get(i)).isSameAs(in.get(i));
      assertThat(out.get(i).metadata()).isEmpty();
    }
    MetricsSnapshot s = metrics.snapshot();
    assertThat(s.probes().get("mic").count()).isZero();
    assertThat(s.probes().get("vad").count()).isEqualTo(10);
    assertThat(s.probes().get("vad").p99Nanos() / 1e6).isCloseTo(40, within(0.4));
    assertThat(s.probes().get("speaker").p50Nanos() / 1e6).isCloseTo(65, within(0.65));
    assertThat(s.probes().get("speaker").metric()).isEqualTo(MetricNames.PROBE_LATENCY);
  }

  @Test
  void transformedPartsAreNotTraced() {
    PartProcessor copy = (part, out) -> out.emit(part.withMetadata("seen", true));
    PartProcessor traced =
        metrics.probe("a").andThen(delay(10)).andThen(copy).andThen(metrics.probe("b"));

    traced.apply(List.of(ProcessorPart.text("x"), ProcessorPart.text("y")));

    assertThat(metrics.snapshot().probes().get("b").count()).isZero();
  }

  @Test
  void identityTraceForgetsOnlyWhatItMustAndHoldsNoReferences() {
    IdentityTrace trace = new IdentityTrace(12);
    Object a = new Object();

    assertThat(trace.mark(a, 100)).isEqualTo(-1);
    assertThat(trace.mark(a, 350)).isEqualTo(250);
    assertThat(trace.mark(a, 400)).as("still measured from the first probe").isEqualTo(300);
    assertThat(trace.mark(new Object(), 500)).isEqualTo(-1);
  }
}
