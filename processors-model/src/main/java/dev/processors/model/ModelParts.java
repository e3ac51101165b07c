package dev.processors.model;

/**
 * The names the model processors use on their output parts: substreams and metadata keys.
 *
 * <p>Output of one generation, in order: text deltas (role {@code model}, default substream),
 * {@link dev.processors.core.Content.FunctionCall} parts, optional thoughts on {@value
 * #THOUGHT_SUBSTREAM}, partial structured output and partial function-call arguments on {@value
 * #PARTIAL_SUBSTREAM}, the final structured output as a {@link dev.processors.core.Content.Json}
 * part, and last a {@link dev.processors.core.SignalKind#GENERATION_COMPLETE} signal carrying
 * {@value #USAGE}, {@value #FINISH_REASON}, {@value #MODEL_VERSION}, {@value #RESPONSE_ID} and
 * {@value #ATTEMPTS}. Every part carries {@link dev.processors.core.PlaybackTracker#UTTERANCE_ID},
 * fresh for each generation. Providers that report them also emit status parts on the way (see
 * {@link #EVENT}).
 */
public final class ModelParts {
  /** Substream of progressively more complete JSON while structured output or arguments stream. */
  public static final String PARTIAL_SUBSTREAM = "partial";

  /** Substream of the model's thoughts (reasoning summaries), when the provider sends them. */
  public static final String THOUGHT_SUBSTREAM = "thought";

  /**
   * Metadata on the final signal: a map with {@code input_tokens}, {@code output_tokens}, {@code
   * total_tokens} and, when reported, {@code thought_tokens} and {@code cached_tokens}.
   */
  public static final String USAGE = "usage";

  /** Metadata on the final signal: why generation stopped, e.g. {@code STOP} or {@code stop}. */
  public static final String FINISH_REASON = "finish_reason";

  /** Metadata on the final signal: the model version that answered. */
  public static final String MODEL_VERSION = "model_version";

  /** Metadata on the final signal: the provider's response id. */
  public static final String RESPONSE_ID = "response_id";

  /**
   * Metadata on the final signal: how many HTTP attempts the generation took (1 without retries).
   */
  public static final String ATTEMPTS = "attempts";

  /** Metadata on the final signal: true when the output was served from the cache. */
  public static final String CACHED = "cached";

  /** Metadata on partial-argument parts: the name of the function being called. */
  public static final String FUNCTION_NAME = "function_name";

  /** Metadata on function calls and partial arguments: the provider's call id. */
  public static final String CALL_ID = "call_id";

  /**
   * Metadata on Gemini function calls: the thought signature (base64) that must go back with the
   * call in the next request; {@code GenaiModel} sends it back when it finds it on an input part.
   */
  public static final String THOUGHT_SIGNATURE = "thought_signature";

  /** Metadata on the final structured-output part: true once validated against the schema. */
  public static final String SCHEMA_VALID = "schema_valid";

  /**
   * Substream of transcriptions of the user's speech: written by live models that transcribe their
   * input (the Gemini Live API) or by a speech-to-text stage, read by the live layer. A final
   * transcription carries metadata {@code final=true}.
   */
  public static final String INPUT_TRANSCRIPTION = "input_transcription";

  /** Substream of transcriptions of the model's own speech, from live models that send them. */
  public static final String OUTPUT_TRANSCRIPTION = "output_transcription";

  /**
   * Metadata on the status parts of a generation (substream {@link
   * dev.processors.core.ProcessorPart#STATUS}, out of band: stages pass them on and models never
   * read them as input): what happened, {@value #RESPONSE_CREATED} or {@value
   * #FUNCTION_CALL_STARTED}. They carry the generation's utterance id like its output.
   */
  public static final String EVENT = "model_event";

  /**
   * {@value #EVENT} value: the provider created the response, before any output (OpenAI Responses
   * API {@code response.created}); the part carries {@value #RESPONSE_ID}, {@value #MODEL_VERSION}
   * and {@value #ATTEMPTS}. Once per attempt.
   */
  public static final String RESPONSE_CREATED = "response_created";

  /**
   * {@value #EVENT} value: the model began a function call, before its arguments stream (OpenAI
   * {@code response.output_item.added}, or a Chat Completions call's first delta); the part carries
   * {@value #CALL_ID} and {@value #FUNCTION_NAME}. Once per call. Providers that send calls whole
   * (Gemini) emit none.
   */
  public static final String FUNCTION_CALL_STARTED = "function_call_started";

  private ModelParts() {}
}
