package dev.processors.operators;

/** A WARP link failed for good: the server unlinked the lane (e.g. the node does not exist). */
public final class WarpException extends OperatorException {
  /** A failure of a WARP link. */
  public WarpException(String message) {
    super(message);
  }
}
