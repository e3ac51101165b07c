package dev.processors.operators;

import dev.processors.core.Clock;
import dev.processors.core.Processor;
import dev.processors.core.ScanStage;
import java.time.Duration;
import java.util.Optional;

/**
 * The stage operators run in: a {@link ScanStage} whose operator can be installed, replaced and
 * removed while the stream runs, each swap applied between two values (none lost, none reordered, a
 * status part marking where it took effect).
 *
 * <pre>{@code
 * OperatorStage stage = OperatorStage.create();
 * stage.install(generator.generate("accumulate the average price").operator());
 * try (ProcessorRun run = stage.start(Ticks.of("XYZ", 100, Duration.ofMillis(50), Clock.system()))) {
 *   for (ProcessorPart summary : run) System.out.println(summary);
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> A value an operator cannot handle within its limits becomes an error part on
 * the status substream (metadata {@code error=true}) and the stream goes on with the state from
 * before that value. <b>Threading</b>: {@link #install} and {@link #remove} may be called from any
 * thread and never block.
 */
public interface OperatorStage extends Processor {

  /** A stage with no operator yet, checking the per-value time on the system clock. */
  static OperatorStage create() {
    return create(OperatorLimits.defaults().perValueTime(), Clock.system());
  }

  /** A stage with no operator yet and this per-value time limit on {@code clock}. */
  static OperatorStage create(Duration perValueLimit, Clock clock) {
    ScanStage scan =
        ScanStage.builder().name("operators").perValueLimit(perValueLimit).clock(clock).build();
    return new SwappableOperatorStage(scan);
  }

  /** Installs {@code operator} from the next value of each run on. */
  void install(Operator operator);

  /** Removes the operator: values pass through unchanged from the next one on. */
  void remove();

  /** The operator installed now, if any. */
  Optional<Operator> current();
}
