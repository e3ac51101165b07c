package dev.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.processors.core.PartProcessor;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorException;
import dev.processors.core.ProcessorPart;
import dev.processors.core.Processors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/** Attaching metrics never changes what a pipeline emits, nor how it fails. */
class OutputUnchangedTest {
  private static final PartProcessor UPPER = Processors.mapText(String::toUpperCase);

  private static final PartProcessor EXCLAIM =
      (part, out) -> {
        out.emit(part);
        if (part.isText()) {
          out.emit(ProcessorPart.status("saw " + part.text().orElseThrow()));
          out.emitText("!");
        }
      };

  private static final Processor ECHO_TWICE =
      (in, out) -> {
        for (ProcessorPart p : in) {
          out.emit(p);
          out.emit(p.withMetadata("copy", true));
          out.emit(ProcessorPart.debug("echoed " + p.mimeType()));
        }
      };

  private static final PartProcessor SLOW_TAG =
      (part, out) -> {
        Thread.sleep(part.isText() ? 2 : 0);
        out.emit(part.withMetadata("tagged", part.mimeType()));
      };

  private static List<ProcessorPart> input() {
    List<ProcessorPart> in = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      in.add(ProcessorPart.text("part " + i));
      if (i % 5 == 0) {
        in.add(ProcessorPart.audio(new byte[320], 16000));
        in.add(ProcessorPart.status("input status " + i));
        in.add(ProcessorPart.endOfTurn());
      }
    }
    return in;
  }

  private static Processor pipeline(RealTimeMetrics m) {
    Function<PartProcessor, PartProcessor> w = p -> m == null ? p : m.wrap(p);
    PartProcessor first = m == null ? Processors.passThrough() : m.probe("in");
    PartProcessor last = m == null ? Processors.passThrough() : m.probe("out");
    Processor echo = m == null ? ECHO_TWICE : m.wrap("echo", ECHO_TWICE);
    Processor tag = m == null ? SLOW_TAG.concurrent(3) : m.wrap("tag", SLOW_TAG.concurrent(3));
    Processor chain =
        Processor.chain(first.andThen(w.apply(UPPER)).andThen(w.apply(EXCLAIM)), echo, tag, last);
    return m == null ? chain : m.instrument(chain);
  }

  @RepeatedTest(10)
  void pipelineEmitsTheSamePartsWithAndWithoutMetrics() {
    List<ProcessorPart> plain = pipeline(null).apply(input());
    RealTimeMetrics metrics = RealTimeMetrics.create();
    List<ProcessorPart> measured = pipeline(metrics).apply(input());

    assertThat(inBand(measured)).isEqualTo(inBand(plain)).hasSize(inBand(plain).size());
    assertThat(outOfBand(measured)).isEqualTo(outOfBand(plain)).isNotEmpty();
    assertThat(metrics.snapshot().stage("pipeline").orElseThrow().partsOut())
        .isEqualTo(inBand(plain).size());
  }

  @Test
  void wrappedPartProcessorStaysFusedAndKeepsItsName() {
    RealTimeMetrics metrics = RealTimeMetrics.create();
    PartProcessor wrapped = metrics.wrap("upper", UPPER);

    assertThat(wrapped).isInstanceOf(PartProcessor.class);
    assertThat(wrapped.name()).isEqualTo(UPPER.name());
    assertThat(wrapped.apply(List.of(ProcessorPart.text("a"), ProcessorPart.endOfTurn())))
        .isEqualTo(UPPER.apply(List.of(ProcessorPart.text("a"), ProcessorPart.endOfTurn())));
    // mapText does not match the signal, so the wrapper must not see it either
    assertThat(metrics.snapshot().stage("upper").orElseThrow().partsIn()).isEqualTo(1);
  }

  @Test
  void passThroughStagesForwardTheVeryInstances() {
    RealTimeMetrics metrics = RealTimeMetrics.create();
    ProcessorPart a = ProcessorPart.text("a");
    ProcessorPart b = ProcessorPart.audio(new byte[64], 24000);
    Processor measured =
        metrics.instrument(
            metrics
                .probe("in")
                .andThen(metrics.wrap("pass", Processors.passThrough()))
                .andThen(metrics.probe("out")));

    List<ProcessorPart> out = measured.apply(List.of(a, b));

    assertThat(out).hasSize(2);
    assertThat(out.get(0)).isSameAs(a);
    assertThat(out.get(1)).isSameAs(b);
    assertThat(a.metadata()).isEmpty();
  }

  @RepeatedTest(5)
  void failuresReachTheConsumerExactlyAsWithoutMetrics() {
    PartProcessor failing =
        (part, out) -> {
          if (part.text().orElse("").equals("part 7")) {
            throw new IllegalStateException("cannot handle part 7");
          }
          out.emit(part);
        };
    Processor plain = Processor.chain(ECHO_TWICE, failing);
    RealTimeMetrics metrics = RealTimeMetrics.create();
    Processor measured =
        metrics.instrument(
            Processor.chain(metrics.wrap("echo", ECHO_TWICE), metrics.wrap(failing)));

    Throwable expected = catchThrowable(() -> plain.apply(input()));
    Throwable actual = catchThrowable(() -> measured.apply(input()));

    assertThat(actual).isInstanceOf(ProcessorException.class);
    assertThat(actual).hasMessage(expected.getMessage());
    assertThat(((ProcessorException) actual).stage())
        .isEqualTo(((ProcessorException) expected).stage());
    assertThat(actual.getCause())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cannot handle part 7");
    MetricsSnapshot s = metrics.snapshot();
    assertThat(s.stage(failing.name()).orElseThrow().errorTypes())
        .containsEntry("IllegalStateException", 1L);
    assertThat(s.stage("echo").orElseThrow().errors()).isZero();
    assertThat(s.stage("pipeline").orElseThrow().errors()).isEqualTo(1);
  }

  @Test
  void errorsInALaterFusedStageAreNotBlamedOnTheEarlierOne() {
    RealTimeMetrics metrics = RealTimeMetrics.create();
    PartProcessor boom =
        (part, out) -> {
          throw new ArithmeticException("boom");
        };
    PartProcessor chain = metrics.wrap("first", UPPER).andThen(metrics.wrap("second", boom));

    assertThatThrownBy(() -> chain.apply("x"))
        .isInstanceOf(ProcessorException.class)
        .hasRootCauseInstanceOf(ArithmeticException.class);
    MetricsSnapshot s = metrics.snapshot();
    assertThat(s.stage("first").orElseThrow().errors()).isZero();
    assertThat(s.stage("second").orElseThrow().errorTypes())
        .containsEntry("ArithmeticException", 1L);
  }

  @Test
  void errorsTurnedIntoStatusPartsStillCount() {
    RealTimeMetrics metrics = RealTimeMetrics.create();
    Processor failing =
        (in, out) -> {
          in.next();
          throw new java.io.IOException("service down");
        };
    Processor measured = metrics.wrap("svc", Processors.errorsAsParts(failing));

    List<ProcessorPart> out = measured.apply("hi");

    assertThat(out).hasSize(1);
    assertThat(out.get(0).substream()).isEqualTo(ProcessorPart.STATUS);
    assertThat(metrics.snapshot().stage("svc").orElseThrow().errors()).isEqualTo(1);
  }

  private static List<ProcessorPart> inBand(List<ProcessorPart> parts) {
    return parts.stream().filter(p -> !p.isOutOfBand()).toList();
  }

  private static List<String> outOfBand(List<ProcessorPart> parts) {
    return parts.stream()
        .filter(ProcessorPart::isOutOfBand)
        .map(ProcessorPart::toString)
        .sorted(Comparator.naturalOrder())
        .toList();
  }
}
