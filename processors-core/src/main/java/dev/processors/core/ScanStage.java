package dev.processors.core;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A stage that runs a {@link Scan} over its input, and whose scan can be installed, replaced and
 * removed while runs are going: the handle for operators that change on a live stream.
 *
 * <pre>{@code
 * ScanStage stage = ScanStage.builder().operator(mean).perValueLimit(Duration.ofMillis(5)).build();
 * try (ProcessorRun run = stage.start(ticks)) {
 *   ...
 *   stage.install(median);   // applied between two values: none lost, none reordered
 *   stage.remove();          // values now pass through unchanged
 * }
 * }</pre>
 *
 * <p><b>Swaps.</b> Every value is handled wholly by one operator: a run reads the installed
 * operator once per value, before processing it. When a run sees a new operator it starts it from
 * {@link Scan#initial()} and emits a status part (metadata {@link #OPERATOR} and {@link
 * #GENERATION}) before handling the first value. Status parts travel the out-of-band lane and may
 * overtake data still buffered downstream, so tag the summaries themselves when a consumer must
 * know exactly which operator produced each. With no operator installed every part passes through
 * unchanged. All runs of the stage share the installed operator; each keeps its own state.
 *
 * <p><b>Errors.</b> A value whose update or summary throws, or exceeds the {@link
 * Builder#perValueLimit per-value limit}, becomes an error part on the status substream (metadata
 * {@code error=true}, {@code stage}, {@link #OPERATOR}) and the run goes on with the state from
 * before that value (like every status part, it may overtake data buffered downstream).
 * Cancellation is not an error and still ends the run.
 *
 * <p><b>Threading.</b> {@link #install} and {@link #remove} may be called from any thread and never
 * block; the stage itself runs on its run's thread.
 */
public interface ScanStage extends Processor {
  /** Metadata key: the name of the operator a status or error part is about. */
  String OPERATOR = "scan_operator";

  /** Metadata key: the install count at which an operator was installed (1 for the first). */
  String GENERATION = "scan_generation";

  /** Installs {@code operator}, replacing the current one from the next value of each run on. */
  void install(Scan<?> operator);

  /** Removes the operator: from the next value on, parts pass through unchanged. */
  void remove();

  /** The operator installed now, if any. */
  Optional<Scan<?>> current();

  /** A builder; by default no operator, no per-value limit, the system clock. */
  static Builder builder() {
    return new Builder();
  }

  /** Settings of a {@link ScanStage}. Not thread-safe; build once and share the stage. */
  final class Builder {
    String name = "scan";
    Scan<?> operator;
    Duration perValueLimit;
    Clock clock = Clock.system();

    private Builder() {}

    /** The operator installed at first. */
    public Builder operator(Scan<?> operator) {
      this.operator = Objects.requireNonNull(operator, "operator");
      return this;
    }

    /** The stage name used in errors and thread names; {@code scan} by default. */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * The longest one value may take through update and summary, measured on the {@link #clock}. A
     * value that takes longer becomes an error part and its state change is discarded. The limit is
     * checked when the value is done: an operator that must be stopped mid-value (a runaway loop)
     * has to check its own budget, as the CEL operators of processors-operators do.
     *
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    public Builder perValueLimit(Duration limit) {
      this.perValueLimit = Checks.positive(limit, "perValueLimit");
      return this;
    }

    /** The clock the per-value limit is measured on. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The stage. */
    public ScanStage build() {
      return new SwappableScan(this);
    }
  }
}
