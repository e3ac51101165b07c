package dev.processors.core;

import java.util.concurrent.CancellationException;

/**
 * Thrown by emit when the stage downstream has stopped reading; ends the producing stage quietly.
 */
final class DownstreamClosedException extends CancellationException {
  DownstreamClosedException() {
    super("the downstream stage stopped reading");
  }

  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
