package dev.processors.gemini;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.errors.GenAiIOException;
import com.google.genai.types.Candidate;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.GenerateContentResponseUsageMetadata;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.google.genai.types.Part;
import dev.processors.core.ProcessorPart;
import dev.processors.model.MalformedStreamException;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.TransportException;
import dev.processors.model.spi.Conversation;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.Json;
import dev.processors.model.spi.ModelBackend;
import dev.processors.model.spi.ModelErrors;
import dev.processors.model.spi.Wav;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

/** {@link ModelBackend} over the Google GenAI SDK's {@code generateContentStream}. */
final class GenaiBackend implements ModelBackend<GenaiBackend.Request> {
  static final String PROVIDER = "gemini";

  /**
   * Retries are ours (the model's RetryPolicy, honouring Retry-After exactly). One attempt is not
   * enough to keep the SDK's RetryInterceptor quiet: it sleeps its backoff after an error status on
   * its list even when that was the last attempt (GenAI SDK 1.70), which added 0.1 to 2.2 s to
   * every 429 and 5xx. With no status on its list it returns every response at once.
   */
  static final HttpRetryOptions NO_SDK_RETRIES =
      HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build();

  /** One prepared request. */
  record Request(List<Content> contents, GenerateContentConfig config) {}

  private final Client client;
  private final String model;
  private final GenerateContentConfig baseConfig;
  private final String systemInstruction;

  GenaiBackend(
      Client client, String model, GenerateContentConfig baseConfig, String systemInstruction) {
    this.client = client;
    this.model = model;
    this.baseConfig = baseConfig;
    this.systemInstruction = systemInstruction;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public Request prepare(Conversation conversation) {
    List<Content> contents = new ArrayList<>();
    for (Conversation.Turn turn : conversation.turns()) {
      List<Part> parts = new ArrayList<>();
      for (ProcessorPart p : turn.parts()) {
        parts.add(toPart(p));
      }
      contents.add(
          Content.builder()
              .role(turn.speaker() == Conversation.Speaker.MODEL ? "model" : "user")
              .parts(parts)
              .build());
    }
    GenerateContentConfig.Builder config = baseConfig.toBuilder();
    String system = conversation.systemInstructionAfter(systemInstruction);
    if (!system.isEmpty()) {
      config.systemInstruction(Content.fromParts(Part.fromText(system)));
    }
    config.httpOptions(HttpOptions.builder().retryOptions(NO_SDK_RETRIES).build());
    return new Request(List.copyOf(contents), config.build());
  }

  @Override
  public String describe(Request request) {
    StringBuilder sb = new StringBuilder("{\"provider\":\"gemini\",\"model\":");
    sb.append(Json.write(model, "model")).append(",\"contents\":[");
    for (int i = 0; i < request.contents().size(); i++) {
      sb.append(i == 0 ? "" : ",").append(request.contents().get(i).toJson());
    }
    return sb.append("],\"config\":").append(request.config().toJson()).append('}').toString();
  }

  @Override
  public void stream(Request request, GenerationOutput out, HttpCallControl call) {
    read(
        client.models.generateContentStream(model, request.contents(), request.config()),
        out,
        call);
  }

  /**
   * Reads {@code stream}, an opened SDK stream of chunks, into {@code out} on the calling thread
   * and closes it; on an early exit cancels the HTTP call first.
   */
  void read(
      ResponseStream<GenerateContentResponse> stream, GenerationOutput out, HttpCallControl call) {
    boolean finished = false;
    try {
      Iterator<GenerateContentResponse> chunks = stream.iterator();
      while (chunks.hasNext()) {
        GenerateContentResponse chunk = chunks.next();
        call.received();
        if (Thread.currentThread().isInterrupted()) {
          throw new CancellationException("generation cancelled");
        }
        if (!SseFlushMarkers.MARKER_ID.equals(chunk.responseId().orElse(null))) {
          handle(chunk, out);
        }
      }
      finished = true;
    } finally {
      if (!finished) {
        call.cancel();
      }
      stream.close();
    }
  }

  private static void handle(GenerateContentResponse chunk, GenerationOutput out) {
    chunk.modelVersion().ifPresent(out::modelVersion);
    chunk.responseId().ifPresent(out::responseId);
    chunk
        .promptFeedback()
        .flatMap(f -> f.blockReason())
        .ifPresent(r -> out.finishReason("PROMPT_BLOCKED_" + r));
    List<Candidate> candidates = chunk.candidates().orElse(List.of());
    if (!candidates.isEmpty()) {
      Candidate candidate = candidates.get(0);
      for (Part part : candidate.content().flatMap(Content::parts).orElse(List.of())) {
        handlePart(part, out);
      }
      candidate
          .finishReason()
          .map(Object::toString)
          .filter(r -> !r.equals("FINISH_REASON_UNSPECIFIED"))
          .ifPresent(out::finishReason);
    }
    chunk.usageMetadata().ifPresent(u -> usage(u, out));
  }

  private static void handlePart(Part part, GenerationOutput out) {
    if (part.functionCall().isPresent()) {
      FunctionCall fc = part.functionCall().get();
      Map<String, Object> extra =
          part.thoughtSignature()
              .map(
                  s ->
                      Map.<String, Object>of(
                          ModelParts.THOUGHT_SIGNATURE, Base64.getEncoder().encodeToString(s)))
              .orElse(Map.of());
      out.functionCall(
          fc.id().orElse(""),
          fc.name().orElse("unnamed"),
          Json.write(fc.args().orElse(Map.of()), "function call arguments"),
          extra);
    } else if (part.text().isPresent()) {
      if (part.thought().orElse(false)) {
        out.thought(part.text().get());
      } else {
        out.text(part.text().get());
      }
    } else if (part.inlineData().isPresent()) {
      var blob = part.inlineData().get();
      out.blob(blob.data().orElse(new byte[0]), blob.mimeType().orElse("application/octet-stream"));
    }
  }

  private static void usage(GenerateContentResponseUsageMetadata u, GenerationOutput out) {
    out.usage(
        u.promptTokenCount().orElse(null),
        u.candidatesTokenCount().orElse(null),
        u.totalTokenCount().orElse(null),
        u.thoughtsTokenCount().orElse(null),
        u.cachedContentTokenCount().orElse(null));
  }

  @Override
  public ModelException classify(Throwable error, HttpCallControl call) {
    if (error instanceof ApiException api) {
      String message = api.status() + ": " + api.message();
      return ModelErrors.forStatus(
          PROVIDER, api.code(), message, call == null ? null : call.retryAfter().orElse(null), api);
    }
    if (error instanceof GenAiIOException || error instanceof IOException) {
      for (Throwable c = error; c != null; c = c.getCause()) {
        if (c instanceof JsonProcessingException) {
          return new MalformedStreamException(
              PROVIDER, "an event is not valid JSON: " + ModelErrors.describe(c), -1, null, error);
        }
      }
      return new TransportException(PROVIDER, ModelErrors.describe(error), -1, null, error);
    }
    if (error instanceof IllegalStateException || error instanceof IllegalArgumentException) {
      return new MalformedStreamException(
          PROVIDER,
          "the SDK cannot read an event: " + ModelErrors.describe(error),
          -1,
          null,
          error);
    }
    return null;
  }

  /** An input part as a GenAI part. */
  private static Part toPart(ProcessorPart p) {
    return switch (p.content()) {
      case dev.processors.core.Content.Text t -> Part.fromText(t.text());
      case dev.processors.core.Content.Json j -> Part.fromText(j.json());
      case dev.processors.core.Content.Blob b ->
          Wav.isPcm(b)
              ? Part.fromBytes(Wav.fromPcm(b), "audio/wav")
              : Part.fromBytes(b.bytes(), b.mimeType());
      case dev.processors.core.Content.FunctionCall c -> {
        Part.Builder b =
            Part.builder()
                .functionCall(
                    FunctionCall.builder()
                        .id(c.id())
                        .name(c.name())
                        .args(Json.toMap(c.arguments()))
                        .build());
        p.metadataString(ModelParts.THOUGHT_SIGNATURE)
            .ifPresent(s -> b.thoughtSignature(Base64.getDecoder().decode(s)));
        yield b.build();
      }
      case dev.processors.core.Content.FunctionResponse r ->
          Part.builder()
              .functionResponse(
                  FunctionResponse.builder()
                      .id(r.id())
                      .name(r.name())
                      .response(Json.toMap(r.response()))
                      .build())
              .build();
      case dev.processors.core.Content.Signal s ->
          throw new IllegalStateException("signals are not conversation parts");
    };
  }
}
