package dev.processors.core;

import java.util.Objects;
import java.util.Optional;

/**
 * A running fold over a stream: a state, an update per value and a summary per value, the contract
 * {@code (acc, value) -> (acc, summary)}. Run one with {@link Processors#scan(Scan)} or swap them
 * on a running stream with a {@link ScanStage}.
 *
 * <pre>{@code
 * record Mean(double sum, long count) {}
 * Scan<Mean> mean = Scan.of("mean", new Mean(0, 0),
 *     (acc, part) -> new Mean(acc.sum() + price(part), acc.count() + 1),
 *     (acc, part) -> Optional.of(ProcessorPart.text("mean " + acc.sum() / acc.count())));
 * Processors.scan(mean).apply(ticks);   // one summary per tick
 * }</pre>
 *
 * <p><b>State.</b> {@link #initial()} starts every run; {@link #update} returns the next state and
 * must not change the one it was given, so that a failing value leaves the state exactly as it was
 * (use records and immutable collections). Each run of a stage has its own state.
 *
 * <p><b>Threading.</b> {@code update} and {@code summary} are called for one part at a time, in
 * order, on the stage's thread; an instance is shared by every run and must be stateless itself.
 *
 * <p><b>Errors.</b> An exception from {@code update} or {@code summary} turns that value into an
 * error part (see {@link ScanStage}) and the stream goes on with the previous state.
 *
 * @param <S> the state type
 */
public interface Scan<S> {

  /** The state a run starts with. */
  S initial();

  /** The state after {@code part}; must not modify {@code state}. */
  S update(S state, ProcessorPart part) throws Exception;

  /**
   * What to emit for {@code part}, given the state after it: a summary, a mapped value, the part
   * itself, or nothing (a filter).
   */
  Optional<ProcessorPart> summary(S state, ProcessorPart part) throws Exception;

  /** Whether this scan handles {@code part}; other parts pass through untouched. */
  default boolean matches(ProcessorPart part) {
    return true;
  }

  /** The name shown in status and error parts. */
  default String name() {
    return ProcessorNames.of(this);
  }

  /** The update function of {@link #of}. */
  @FunctionalInterface
  interface Update<S> {
    /** The state after {@code part}. */
    S apply(S state, ProcessorPart part) throws Exception;
  }

  /** The summary function of {@link #of}. */
  @FunctionalInterface
  interface Summary<S> {
    /** What to emit for {@code part} given the state after it; empty emits nothing. */
    Optional<ProcessorPart> apply(S state, ProcessorPart part) throws Exception;
  }

  /**
   * A scan from an initial state and two functions.
   *
   * @throws NullPointerException if an argument is null
   */
  static <S> Scan<S> of(String name, S initial, Update<S> update, Summary<S> summary) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(summary, "summary");
    return new Scan<>() {
      @Override
      public S initial() {
        return initial;
      }

      @Override
      public S update(S state, ProcessorPart part) throws Exception {
        return update.apply(state, part);
      }

      @Override
      public Optional<ProcessorPart> summary(S state, ProcessorPart part) throws Exception {
        return summary.apply(state, part);
      }

      @Override
      public String name() {
        return name;
      }

      @Override
      public String toString() {
        return "Scan(" + name + ")";
      }
    };
  }
}
