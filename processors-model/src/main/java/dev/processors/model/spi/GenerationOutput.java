package dev.processors.model.spi;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.PartSink;
import dev.processors.core.PlaybackTracker;
import dev.processors.core.ProcessorPart;
import dev.processors.core.SignalKind;
import dev.processors.model.ModelParts;
import dev.processors.model.OutputSchema;
import dev.processors.model.PartialJson;
import dev.processors.model.ResumeMismatchException;
import dev.processors.model.StructuredOutputException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns what a provider streams into output parts, the same way for every provider: tags every part
 * with the generation's utterance id, assembles structured output, and keeps a ledger of what went
 * out so that a retried attempt continues where the failed one stopped.
 *
 * <p>On a retry the new attempt replays from the start; every lane (text, thoughts, function calls,
 * blobs, partial JSON) skips what was already emitted after checking that it matches, emits only
 * what is new, and throws {@link ResumeMismatchException} on the first difference. So across any
 * number of retries nothing is emitted twice and nothing is left out. Thoughts are the exception:
 * after a retry, new thoughts are dropped if earlier ones went out (they rarely repeat word for
 * word).
 *
 * <p>Used by the one thread that runs a generation.
 */
public final class GenerationOutput {
  private static final String[] USAGE_KEYS = {
    "input_tokens", "output_tokens", "total_tokens", "thought_tokens", "cached_tokens"
  };

  private final String provider;
  private final PartSink out;
  private final String utteranceId;
  private final OutputSchema schema;
  private final ProcessorPart textTemplate;
  private final ProcessorPart thoughtTemplate;
  private final ProcessorPart partialTemplate;

  // What went out, over all attempts.
  private final StringBuilder emittedText = new StringBuilder();
  private final List<Content.FunctionCall> emittedCalls = new ArrayList<>();
  private final List<Content.Blob> emittedBlobs = new ArrayList<>();
  private final Map<Integer, Integer> emittedArgumentChars = new HashMap<>();
  private final Map<Integer, String> lastArgumentView = new HashMap<>();
  private final java.util.Set<Integer> announcedCalls = new java.util.HashSet<>();
  private boolean emittedThoughts;
  private String lastSnapshot;
  private long dataParts;
  private Throwable lastFailure;

  // The current attempt.
  private int attempts;
  private int textPos;
  private int callPos;
  private int blobPos;
  private boolean thoughtsAllowed = true;
  private PartialJson structured;
  private final Map<Integer, PartialJson> arguments = new HashMap<>();
  private final Map<Integer, Integer> argumentChars = new HashMap<>();
  // Token counts of the attempt; -1 when not reported. Kept unboxed: some providers repeat usage
  // on every chunk.
  private final long[] usage = new long[USAGE_KEYS.length];
  private String finishReason;
  private String modelVersion;
  private String responseId;
  private Map<String, Object> completion; // the final signal's metadata, once complete

  GenerationOutput(String provider, PartSink out, String utteranceId, OutputSchema schema) {
    this.provider = provider;
    this.out = out;
    this.utteranceId = utteranceId;
    this.schema = schema;
    this.textTemplate =
        ProcessorPart.text("")
            .withRole(ProcessorPart.MODEL)
            .withMetadata(PlaybackTracker.UTTERANCE_ID, utteranceId);
    this.thoughtTemplate = textTemplate.withSubstream(ModelParts.THOUGHT_SUBSTREAM);
    this.partialTemplate = textTemplate.withSubstream(ModelParts.PARTIAL_SUBSTREAM);
  }

  /** The utterance id every part of this generation carries. */
  String utteranceId() {
    return utteranceId;
  }

  /** Starts an attempt; after a failure, the new attempt is checked against the ledger. */
  void beginAttempt() {
    attempts++;
    textPos = 0;
    callPos = 0;
    blobPos = 0;
    thoughtsAllowed = !emittedThoughts;
    structured = schema == null ? null : new PartialJson();
    arguments.clear();
    argumentChars.clear();
    java.util.Arrays.fill(usage, -1);
    finishReason = null;
    modelVersion = null;
    responseId = null;
  }

  /** Records why the current attempt failed (the cause of a later resume mismatch). */
  void attemptFailed(Throwable failure) {
    lastFailure = failure;
  }

  /** True once any data part went out. */
  boolean emittedAnything() {
    return dataParts > 0;
  }

  /** The number of attempts so far. */
  int attempts() {
    return attempts;
  }

  /** A call id for a provider that sent none: stable for the n-th call of this generation. */
  public String callId(int ordinal) {
    return "call_" + utteranceId + "_" + ordinal;
  }

  /** A text delta of the answer (or of the structured output's JSON). */
  public void text(String delta) {
    if (delta.isEmpty()) {
      return;
    }
    if (structured != null) {
      structuredText(delta);
      return;
    }
    String fresh = freshText(delta);
    if (fresh != null) {
      emit(textTemplate.withContent(new Content.Text(fresh)));
    }
  }

  /** A thought delta; dropped after a retry if earlier thoughts went out. */
  public void thought(String delta) {
    if (delta.isEmpty() || !thoughtsAllowed) {
      return;
    }
    emittedThoughts = true;
    emit(thoughtTemplate.withContent(new Content.Text(delta)));
  }

  /** Binary output (an image or audio the model generated). */
  public void blob(byte[] data, String mimeType) {
    Content.Blob blob = Content.Blob.of(data, mimeType);
    int index = blobPos++;
    if (index < emittedBlobs.size()) {
      if (!emittedBlobs.get(index).equals(blob)) {
        throw mismatch("blob " + index);
      }
      return;
    }
    emittedBlobs.add(blob);
    emit(textTemplate.withContent(blob));
  }

  /**
   * A complete function call. {@code id} may be empty (one is made up); {@code extra} is metadata
   * to add (e.g. a thought signature).
   *
   * @throws IllegalArgumentException if the arguments are not a JSON object
   */
  public void functionCall(
      String id, String name, String argumentsJson, Map<String, Object> extra) {
    int index = callPos++;
    String callId = id == null || id.isEmpty() ? callId(index) : id;
    Content.FunctionCall call =
        new Content.FunctionCall(
            callId, name, argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
    if (index < emittedCalls.size()) {
      Content.FunctionCall before = emittedCalls.get(index);
      if (!before.name().equals(call.name()) || !before.arguments().equals(call.arguments())) {
        throw mismatch("function call " + index + " (" + call.name() + ")");
      }
      return;
    }
    emittedCalls.add(call);
    ProcessorPart part = textTemplate.withContent(call);
    if (!extra.isEmpty()) {
      Map<String, Object> meta = new LinkedHashMap<>(part.metadata());
      meta.putAll(extra);
      part = part.withMetadata(meta);
    }
    emit(part);
  }

  /**
   * A delta of the arguments of the {@code ordinal}-th function call of this attempt: emitted as a
   * progressively more complete JSON object on the partial substream.
   */
  public void argumentsDelta(int ordinal, String callId, String name, String delta) {
    if (delta.isEmpty()) {
      return;
    }
    PartialJson json = arguments.computeIfAbsent(ordinal, k -> new PartialJson());
    int chars = argumentChars.merge(ordinal, delta.length(), Integer::sum);
    try {
      json.feed(delta);
    } catch (IOException e) {
      // Malformed arguments fail when the call completes; partial views just stop here.
      return;
    }
    if (ordinal < emittedCalls.size() || chars <= emittedArgumentChars.getOrDefault(ordinal, 0)) {
      return;
    }
    emittedArgumentChars.put(ordinal, chars);
    json.nextView()
        .filter(
            s ->
                !s.equals(
                    lastArgumentView.put(ordinal, s))) // a view that did not change is not news
        .ifPresent(
            s -> {
              Map<String, Object> meta = new LinkedHashMap<>(partialTemplate.metadata());
              meta.put(ModelParts.FUNCTION_NAME, name);
              meta.put(ModelParts.CALL_ID, callId);
              emit(partialTemplate.withContent(new Content.Json(s)).withMetadata(meta));
            });
  }

  /**
   * The provider created the response (OpenAI's {@code response.created}): emits a status part
   * ({@link ModelParts#EVENT} {@value ModelParts#RESPONSE_CREATED}) with the response id, the model
   * version and the attempt, before any output. Once per attempt: a retry creates a new response.
   */
  public void responseCreated(String responseId, String modelVersion) {
    responseId(responseId);
    modelVersion(modelVersion);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(ModelParts.EVENT, ModelParts.RESPONSE_CREATED);
    if (responseId != null && !responseId.isEmpty()) {
      meta.put(ModelParts.RESPONSE_ID, responseId);
    }
    if (modelVersion != null && !modelVersion.isEmpty()) {
      meta.put(ModelParts.MODEL_VERSION, modelVersion);
    }
    meta.put(ModelParts.ATTEMPTS, (long) attempts);
    status("response created", meta);
  }

  /**
   * The provider began the {@code ordinal}-th function call of this attempt, before its arguments
   * stream: emits a status part ({@link ModelParts#EVENT} {@value
   * ModelParts#FUNCTION_CALL_STARTED}) with the call id and the function's name. Once per call over
   * all attempts: a retry replaying the call announces nothing.
   */
  public void functionCallStarted(int ordinal, String callId, String name) {
    if (ordinal < emittedCalls.size() || !announcedCalls.add(ordinal)) {
      return;
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(ModelParts.EVENT, ModelParts.FUNCTION_CALL_STARTED);
    meta.put(ModelParts.CALL_ID, callId == null || callId.isEmpty() ? callId(ordinal) : callId);
    meta.put(ModelParts.FUNCTION_NAME, name);
    status("function call started: " + name, meta);
  }

  /** A status part of this generation: out of band, not output, not part of the resume ledger. */
  private void status(String message, Map<String, Object> extra) {
    ProcessorPart part = ProcessorPart.status(message).withRole(ProcessorPart.MODEL);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put(PlaybackTracker.UTTERANCE_ID, utteranceId);
    meta.putAll(extra);
    out.emit(part.withMetadata(meta));
  }

  /** Token usage (each value may be null when not reported). */
  public void usage(Number input, Number output, Number total, Number thoughts, Number cached) {
    put(0, input);
    put(1, output);
    put(2, total);
    put(3, thoughts);
    put(4, cached);
  }

  /** Why the generation stopped. */
  public void finishReason(String reason) {
    if (reason != null && !reason.isEmpty()) {
      finishReason = reason;
    }
  }

  /** The model version that answered. */
  public void modelVersion(String version) {
    if (version != null && !version.isEmpty()) {
      modelVersion = version;
    }
  }

  /** The provider's response id. */
  public void responseId(String id) {
    if (id != null && !id.isEmpty()) {
      responseId = id;
    }
  }

  /**
   * Ends a successful attempt: the validated structured output, then the generation-complete signal
   * with usage.
   *
   * @throws StructuredOutputException if structured output is not valid JSON or breaks the schema
   */
  void complete() {
    if (structured != null) {
      JsonNode value;
      try {
        value = structured.finish();
      } catch (IOException e) {
        throw new StructuredOutputException(
            provider, "structured output is not valid JSON: " + e.getMessage(), List.of(), e);
      }
      List<String> problems = schema.problems(value);
      if (!problems.isEmpty()) {
        throw new StructuredOutputException(
            provider, "structured output does not match the schema", problems, null);
      }
      emit(
          textTemplate
              .withContent(new Content.Json(value.toString()))
              .withMetadata(ModelParts.SCHEMA_VALID, true));
    }
    Map<String, Object> meta = new LinkedHashMap<>(textTemplate.metadata());
    Map<String, Object> tokens = new LinkedHashMap<>();
    for (int i = 0; i < usage.length; i++) {
      if (usage[i] >= 0) {
        tokens.put(USAGE_KEYS[i], usage[i]);
      }
    }
    if (!tokens.isEmpty()) {
      meta.put(ModelParts.USAGE, tokens);
    }
    if (finishReason != null) {
      meta.put(ModelParts.FINISH_REASON, finishReason);
    }
    if (modelVersion != null) {
      meta.put(ModelParts.MODEL_VERSION, modelVersion);
    }
    if (responseId != null) {
      meta.put(ModelParts.RESPONSE_ID, responseId);
    }
    meta.put(ModelParts.ATTEMPTS, attempts);
    completion = meta;
    out.emit(
        ProcessorPart.signal(SignalKind.GENERATION_COMPLETE)
            .withRole(ProcessorPart.MODEL)
            .withMetadata(meta));
  }

  /** What the generation answered, for the log: text, function calls and the final metadata. */
  String summary() {
    StringBuilder b = new StringBuilder("text=").append(Json.write(emittedText.toString(), "text"));
    for (Content.FunctionCall c : emittedCalls) {
      b.append(", call=").append(c.name()).append(c.arguments());
    }
    if (completion != null) {
      Map<String, Object> meta = new LinkedHashMap<>(completion);
      meta.remove(PlaybackTracker.UTTERANCE_ID);
      b.append(", ").append(meta);
    }
    return b.toString();
  }

  private void structuredText(String delta) {
    try {
      structured.feed(delta);
    } catch (IOException e) {
      throw new StructuredOutputException(
          provider, "structured output is not valid JSON: " + e.getMessage(), List.of(), e);
    }
    if (freshText(delta) == null) {
      return;
    }
    structured
        .nextView()
        .filter(s -> !s.equals(lastSnapshot))
        .ifPresent(
            s -> {
              lastSnapshot = s;
              emit(partialTemplate.withContent(new Content.Json(s)));
            });
  }

  /**
   * The part of {@code delta} beyond what was already emitted (null if none), after checking that
   * the rest matches; advances the attempt's text position and the ledger.
   */
  private String freshText(String delta) {
    int start = textPos;
    textPos += delta.length();
    int emitted = emittedText.length();
    if (start == emitted) {
      emittedText.append(delta);
      return delta;
    }
    int overlap = Math.min(delta.length(), emitted - start);
    for (int i = 0; i < overlap; i++) {
      if (emittedText.charAt(start + i) != delta.charAt(i)) {
        throw mismatch("text offset " + (start + i));
      }
    }
    if (overlap == delta.length()) {
      return null;
    }
    String fresh = delta.substring(overlap);
    emittedText.append(fresh);
    return fresh;
  }

  private ResumeMismatchException mismatch(String where) {
    return new ResumeMismatchException(provider, where, lastFailure);
  }

  private void put(int index, Number value) {
    if (value != null) {
      usage[index] = value.longValue();
    }
  }

  private void emit(ProcessorPart part) {
    dataParts++;
    out.emit(part);
  }
}
