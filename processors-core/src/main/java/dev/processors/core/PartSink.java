package dev.processors.core;

/**
 * The output of a processor. {@link #emit} hands a part to the next stage and blocks while that
 * stage's input is full: that is the backpressure. Parts on the reserved substreams go straight to
 * the pipeline's output.
 *
 * <p>{@code emit} throws {@link java.util.concurrent.CancellationException} once the run is
 * cancelled or the downstream stage has stopped reading; let it propagate. A sink given to a
 * processor is used by the thread that runs it (or by several threads only under a processor's own
 * locking, as the combinators do).
 */
@FunctionalInterface
public interface PartSink {

  /** Emits one part, blocking while the next stage is full. */
  void emit(ProcessorPart part);

  /** Emits a text part. */
  default void emitText(String text) {
    emit(ProcessorPart.text(text));
  }
}
