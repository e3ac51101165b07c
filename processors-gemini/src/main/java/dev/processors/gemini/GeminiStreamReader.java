package dev.processors.gemini;

import static dev.processors.model.spi.JsonEvents.bool;
import static dev.processors.model.spi.JsonEvents.count;
import static dev.processors.model.spi.JsonEvents.enterObject;
import static dev.processors.model.spi.JsonEvents.nextField;
import static dev.processors.model.spi.JsonEvents.string;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.model.ModelException;
import dev.processors.model.ModelParts;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.Json;
import dev.processors.model.spi.JsonEvents;
import dev.processors.model.spi.ModelErrors;
import dev.processors.model.spi.StreamedBody;
import java.io.IOException;
import java.util.Base64;
import java.util.Map;

/**
 * Reads Gemini {@code streamGenerateContent?alt=sse} chunks with Jackson's streaming parser into a
 * {@link GenerationOutput}, producing what {@link GenaiBackend} produces from the SDK's response
 * objects: the parts of the first candidate in order (text, thoughts, whole function calls with
 * their thought signature, inline data), the finish reason, a blocked prompt, usage, model version
 * and response id. Each chunk is handed over as soon as it is read: no read-ahead, so no flush
 * markers are needed.
 *
 * <p>The stream has ended properly once a chunk carried a {@code finishReason} (or a blocked
 * prompt). A chunk with an {@code error} object is the server failing mid-stream, typed by its HTTP
 * code ({@link LiveErrors#forStatus}). Used by one thread, for one attempt.
 */
final class GeminiStreamReader implements StreamedBody.Events {
  private static final String PROVIDER = GenaiBackend.PROVIDER;

  private final GenerationOutput out;
  private boolean done;

  GeminiStreamReader(GenerationOutput out) {
    this.out = out;
  }

  @Override
  public boolean ended() {
    return done;
  }

  @Override
  public String endEvent() {
    return "a chunk with a finishReason";
  }

  @Override
  public void onEvent(byte[] bytes, int offset, int length) throws IOException {
    try (JsonParser p = JsonEvents.open(PROVIDER, bytes, offset, length)) {
      for (String field = nextField(p); field != null; field = nextField(p)) {
        switch (field) {
          case "candidates" -> candidates(p);
          case "promptFeedback" -> promptFeedback(p);
          case "usageMetadata" -> usage(p);
          case "modelVersion" -> out.modelVersion(string(p));
          case "responseId" -> out.responseId(string(p));
          case "error" -> throw error(p);
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw JsonEvents.malformed(PROVIDER, e, bytes, offset, length);
    }
  }

  private void candidates(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    boolean first = true;
    while (p.nextToken() == JsonToken.START_OBJECT) {
      if (!first) {
        p.skipChildren();
        continue;
      }
      first = false;
      for (String field = nextField(p); field != null; field = nextField(p)) {
        switch (field) {
          case "content" -> content(p);
          case "finishReason" -> {
            String reason = string(p);
            if (reason != null && !reason.equals("FINISH_REASON_UNSPECIFIED")) {
              out.finishReason(reason);
              done = true;
            }
          }
          default -> p.skipChildren();
        }
      }
    }
  }

  private void content(JsonParser p) throws IOException {
    if (!enterObject(p)) {
      return;
    }
    for (String field = nextField(p); field != null; field = nextField(p)) {
      if (field.equals("parts") && p.currentToken() == JsonToken.START_ARRAY) {
        while (p.nextToken() == JsonToken.START_OBJECT) {
          part(p);
        }
      } else {
        p.skipChildren();
      }
    }
  }

  /** One part: its fields may come in any order, so it is applied once read whole. */
  private void part(JsonParser p) throws IOException {
    String text = null;
    boolean thought = false;
    JsonNode call = null;
    byte[] signature = null;
    byte[] data = null;
    String mimeType = null;
    boolean inline = false;
    for (String field = nextField(p); field != null; field = nextField(p)) {
      switch (field) {
        case "text" -> text = string(p);
        case "thought" -> thought = bool(p);
        case "functionCall" -> call = Json.MAPPER.readTree(p);
        case "thoughtSignature" ->
            signature = p.currentToken() == JsonToken.VALUE_STRING ? p.getBinaryValue() : null;
        case "inlineData" -> {
          inline = enterObject(p);
          if (inline) {
            for (String f = nextField(p); f != null; f = nextField(p)) {
              switch (f) {
                case "data" ->
                    data = p.currentToken() == JsonToken.VALUE_STRING ? p.getBinaryValue() : null;
                case "mimeType" -> mimeType = string(p);
                default -> p.skipChildren();
              }
            }
          }
        }
        default -> p.skipChildren();
      }
    }
    if (call != null && call.isObject()) {
      Map<String, Object> extra =
          signature == null
              ? Map.of()
              : Map.of(ModelParts.THOUGHT_SIGNATURE, Base64.getEncoder().encodeToString(signature));
      JsonNode args = call.get("args");
      out.functionCall(
          textOf(call, "id", ""),
          textOf(call, "name", "unnamed"),
          args == null || args.isNull() ? "{}" : args.toString(),
          extra);
    } else if (text != null) {
      if (thought) {
        out.thought(text);
      } else {
        out.text(text);
      }
    } else if (inline) {
      out.blob(
          data == null ? new byte[0] : data,
          mimeType == null ? "application/octet-stream" : mimeType);
    }
  }

  private static String textOf(JsonNode node, String field, String otherwise) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? otherwise : v.asText();
  }

  private void promptFeedback(JsonParser p) throws IOException {
    if (!enterObject(p)) {
      return;
    }
    for (String field = nextField(p); field != null; field = nextField(p)) {
      if (field.equals("blockReason")) {
        String reason = string(p);
        if (reason != null) {
          out.finishReason("PROMPT_BLOCKED_" + reason);
          done = true;
        }
      } else {
        p.skipChildren();
      }
    }
  }

  private void usage(JsonParser p) throws IOException {
    if (!enterObject(p)) {
      return;
    }
    Long prompt = null;
    Long candidates = null;
    Long total = null;
    Long thoughts = null;
    Long cached = null;
    for (String field = nextField(p); field != null; field = nextField(p)) {
      switch (field) {
        case "promptTokenCount" -> prompt = count(p);
        case "candidatesTokenCount" -> candidates = count(p);
        case "totalTokenCount" -> total = count(p);
        case "thoughtsTokenCount" -> thoughts = count(p);
        case "cachedContentTokenCount" -> cached = count(p);
        default -> p.skipChildren();
      }
    }
    out.usage(prompt, candidates, total, thoughts, cached);
  }

  private static ModelException error(JsonParser p) throws IOException {
    int code = -1;
    String message = null;
    String status = null;
    if (enterObject(p)) {
      for (String field = nextField(p); field != null; field = nextField(p)) {
        switch (field) {
          case "code" -> code = p.currentToken().isNumeric() ? p.getIntValue() : code;
          case "message" -> message = string(p);
          case "status" -> status = string(p);
          default -> p.skipChildren();
        }
      }
    }
    String text = (status == null ? "" : status + ": ") + (message == null ? "" : message);
    return ModelErrors.forStatus(PROVIDER, code, text, null, null);
  }
}
