package dev.processors.core;

/** A stream whose reader can tell its source to stop (a channel, a subscription). */
interface ClosableStream extends PartStream {
  /** The reader will not read any more. Idempotent, callable from any thread. */
  void close();

  static void closeIfClosable(PartStream stream) {
    if (stream instanceof ClosableStream c) {
      c.close();
    }
  }
}
