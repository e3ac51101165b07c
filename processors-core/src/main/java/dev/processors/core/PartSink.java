package dev.processors.core;

/**
 * The output of a processor. {@link #emit} hands a part to the next stage and blocks while that
 * stage's input is full: that is the backpressure. Parts on the reserved substreams go straight to
 * the pipeline's output.
 *
 * <p>{@code emit} throws {@link java.util.concurrent.CancellationException} once the run is
 * cancelled or the downstream stage has stopped reading; let it propagate.
 *
 * <p><b>Threading.</b> A sink given to a processor belongs to the thread that runs the processor.
 * To emit from several threads (tasks forked with {@link TaskScope}), emit through {@link
 * #shared()}, which lets one thread in at a time.
 */
@FunctionalInterface
public interface PartSink {

  /** Emits one part, blocking while the next stage is full. */
  void emit(ProcessorPart part);

  /** Emits a text part. */
  default void emitText(String text) {
    emit(ProcessorPart.text(text));
  }

  /**
   * This sink made safe for several threads: each emit holds a lock (a {@code ReentrantLock}, so
   * waiting threads never pin their carriers) for the duration of the underlying emit, including
   * any backpressure wait. Parts from one thread keep their order; parts from different threads
   * interleave in lock order. Returns this sink if it is already shared.
   */
  default PartSink shared() {
    return LockedSink.of(this);
  }
}
