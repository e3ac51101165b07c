package dev.processors.gemini;

import dev.processors.core.PartSink;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a {@link LiveApiProcessor} run emits: the server's parts, model output tagged with its
 * turn's utterance id, and the {@code interrupted} signals both the server and the local barge-in
 * ask for. It remembers whether model output went out since the last interruption, so that a local
 * barge-in interrupts only what may still be playing. The reader task and the stage thread both
 * emit, under one lock; the utterance id belongs to the reader.
 */
final class LiveOutput {
  private final PartSink out;
  private final ReentrantLock emitLock = new ReentrantLock();
  private boolean outputSinceInterrupt; // guarded by emitLock
  private String utterance = UUID.randomUUID().toString(); // only the reader uses it

  /**
   * @param out a sink several threads may emit into ({@link PartSink#shared()})
   */
  LiveOutput(PartSink out) {
    this.out = out;
  }

  /** Emits a part the server sent, tagging model output with the current utterance id. */
  void server(ProcessorPart p) {
    boolean model = p.role().equals(ProcessorPart.MODEL) && !p.isOutOfBand();
    emit(model ? p.withMetadata(PlaybackTracker.UTTERANCE_ID, utterance) : p, model);
  }

  /** The model's turn ended (or was cut): what follows is a new utterance. */
  void nextUtterance() {
    utterance = UUID.randomUUID().toString();
  }

  /** Emits an {@code interrupted} signal: downstream drops the answer under way. */
  void interrupted() {
    emit(ProcessorPart.interrupted(), false);
  }

  /** Emits a debug note. */
  void debug(String message) {
    emit(ProcessorPart.debug(message), false);
  }

  /**
   * The user started speaking (our VAD said so): the model's last answer may still be playing
   * downstream, where the server's own interruption cannot reach it, so stop it here.
   */
  void localBargeIn() {
    emitLock.lock();
    try {
      if (outputSinceInterrupt) {
        outputSinceInterrupt = false;
        out.emit(ProcessorPart.interrupted());
      }
    } finally {
      emitLock.unlock();
    }
  }

  /** Emits {@code p}, noting whether model output was emitted since the last interruption. */
  private void emit(ProcessorPart p, boolean model) {
    emitLock.lock();
    try {
      out.emit(p);
      if (p.isSignal(SignalKind.INTERRUPTED)) {
        outputSinceInterrupt = false;
      } else if (model) {
        outputSinceInterrupt = true;
      }
    } finally {
      emitLock.unlock();
    }
  }
}
