package dev.processors.core;

/** The live control events a {@link Content.Signal} can carry. */
public enum SignalKind {
  /** The user started speaking (a barge-in while the model speaks). Control by default. */
  START_OF_SPEECH("start_of_speech", true),
  /** The user stopped speaking. */
  END_OF_SPEECH("end_of_speech", false),
  /** A turn ended: the model may answer now. */
  END_OF_TURN("end_of_turn", false),
  /**
   * Output was interrupted: everything queued before this signal is dropped. Control by default.
   */
  INTERRUPTED("interrupted", true),
  /** The model finished generating (audio may still be playing). */
  GENERATION_COMPLETE("generation_complete", false);

  private final String wireName;
  private final boolean controlByDefault;

  SignalKind(String wireName, boolean controlByDefault) {
    this.wireName = wireName;
    this.controlByDefault = controlByDefault;
  }

  /** The name used in MIME types and JSON, e.g. {@code end_of_turn}. */
  public String wireName() {
    return wireName;
  }

  /** Whether {@link ProcessorPart#signal(SignalKind)} marks this kind as a control signal. */
  public boolean controlByDefault() {
    return controlByDefault;
  }

  /** The kind with this wire name. */
  public static SignalKind fromWireName(String name) {
    for (SignalKind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown signal kind '" + name + "'");
  }
}
