package dev.processors.metrics;

/**
 * The names under which figures are reported. Where the OpenTelemetry semantic conventions for
 * generative AI define a metric, the name is theirs (they are still marked experimental there); the
 * others live under {@code processors.}.
 *
 * <p>Attributes: every metric carries {@value #STAGE} (the stage or pipeline name); errors carry
 * {@value #ERROR_TYPE}; token usage carries {@value #TOKEN_TYPE} ({@code input} or {@code output}).
 */
public final class MetricNames {
  /**
   * A stage's own time per part (OpenTelemetry's "GenAI operation duration": an operation may be a
   * model request, a tool call or another distinct action of the workflow). Histogram, seconds.
   */
  public static final String OPERATION_DURATION = "gen_ai.client.operation.duration";

  /**
   * Time from an input to the first part (chunk, token) the stage emits after it: the client-side
   * time to first token. Histogram, seconds. ({@code gen_ai.server.time_to_first_token} is the
   * model server's own view of the same thing; a pipeline sees the client side.)
   */
  public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

  /** Tokens used per operation, with {@value #TOKEN_TYPE}. Histogram / counter, {token}. */
  public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

  /** Attribute of {@value #TOKEN_USAGE}: {@code input} or {@code output}. */
  public static final String TOKEN_TYPE = "gen_ai.token.type";

  /** Attribute of errors: the exception's class name or another error code. */
  public static final String ERROR_TYPE = "error.type";

  /** Attribute naming the stage or pipeline. */
  public static final String STAGE = "processors.stage";

  /**
   * Time from the end of the user's turn to the first part of the answer, per turn: the latency a
   * person feels. Histogram, seconds.
   */
  public static final String TURN_LATENCY = "processors.turn.latency";

  /** Parts a stage read (direction {@code in}) or emitted ({@code out}). Counter. */
  public static final String PARTS = "processors.stage.parts";

  /** Output parts per second over the sliding window. Gauge. */
  public static final String THROUGHPUT = "processors.stage.throughput";

  /** Failures, with {@value #ERROR_TYPE}. Counter. */
  public static final String ERRORS = "processors.stage.errors";

  /** Interruptions (barge-ins). Counter. */
  public static final String INTERRUPTIONS = "processors.stage.interruptions";

  /** Times the output audio ran dry before more arrived. Counter. */
  public static final String UNDERRUNS = "processors.audio.underruns";

  /** How long each underrun left playback silent. Histogram, seconds. */
  public static final String GAP_DURATION = "processors.audio.gap.duration";

  /** Time a part took from the first probe it passed to a later probe. Histogram, seconds. */
  public static final String PROBE_LATENCY = "processors.probe.latency";

  private MetricNames() {}
}
