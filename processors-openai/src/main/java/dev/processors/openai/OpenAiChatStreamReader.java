package dev.processors.openai;

import static dev.processors.model.spi.JsonEvents.count;
import static dev.processors.model.spi.JsonEvents.enterObject;
import static dev.processors.model.spi.JsonEvents.nextField;
import static dev.processors.model.spi.JsonEvents.string;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.processors.model.ModelException;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.JsonEvents;
import dev.processors.model.spi.StreamedBody;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads OpenAI Chat Completions chunks ({@code data: {...}} events, ended by {@code data: [DONE]})
 * with Jackson's streaming parser into a {@link GenerationOutput}, producing what {@link
 * OpenAiChatBackend} produces from the SDK's chunk objects: text (content and refusal) of choice 0,
 * tool calls whose arguments stream as partial JSON and complete when the next call starts, text
 * follows or the choice finishes, the finish reason, usage, id and model.
 *
 * <p>A top-level {@code error} object is the provider reporting a failure mid-stream: typed by its
 * code ({@link OpenAiErrors#forCode}). Used by one thread, for one attempt.
 */
final class OpenAiChatStreamReader implements StreamedBody.Events {
  private static final String PROVIDER = OpenAiRequests.PROVIDER;

  private final GenerationOutput out;
  private final TreeMap<Integer, PendingCall> pending = new TreeMap<>();
  private boolean done;

  // Choice 0 of the chunk being read.
  private String content;
  private String refusal;
  private String finishReason;
  private final List<ToolCallDelta> toolCalls = new ArrayList<>();

  OpenAiChatStreamReader(GenerationOutput out) {
    this.out = out;
  }

  /** A tool call being assembled. */
  private static final class PendingCall {
    final String id;
    final String name;
    final StringBuilder arguments = new StringBuilder();

    PendingCall(String id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  private record ToolCallDelta(int index, String id, String name, String arguments) {}

  @Override
  public boolean ended() {
    return done;
  }

  @Override
  public String endEvent() {
    return "data: [DONE]";
  }

  @Override
  public void onEvent(byte[] bytes, int offset, int length) throws IOException {
    if (done) {
      return;
    }
    if (isDone(bytes, offset, length)) {
      flushCalls(Integer.MAX_VALUE);
      done = true;
      return;
    }
    try (JsonParser p = JsonEvents.open(PROVIDER, bytes, offset, length)) {
      for (String field = nextField(p); field != null; field = nextField(p)) {
        switch (field) {
          case "id" -> out.responseId(string(p));
          case "model" -> out.modelVersion(string(p));
          case "choices" -> choices(p);
          case "usage" -> usage(p);
          case "error" -> throw error(p);
          default -> p.skipChildren();
        }
      }
    } catch (JsonProcessingException e) {
      throw JsonEvents.malformed(PROVIDER, e, bytes, offset, length);
    }
  }

  private static boolean isDone(byte[] b, int offset, int length) {
    return length == 6
        && b[offset] == '['
        && b[offset + 1] == 'D'
        && b[offset + 2] == 'O'
        && b[offset + 3] == 'N'
        && b[offset + 4] == 'E'
        && b[offset + 5] == ']';
  }

  private void choices(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      choice(p);
    }
  }

  private void choice(JsonParser p) throws IOException {
    int index = 0;
    content = null;
    refusal = null;
    finishReason = null;
    toolCalls.clear();
    for (String field = nextField(p); field != null; field = nextField(p)) {
      switch (field) {
        case "index" -> index = p.currentToken().isNumeric() ? p.getIntValue() : index;
        case "delta" -> delta(p);
        case "finish_reason" -> finishReason = string(p);
        default -> p.skipChildren();
      }
    }
    if (index == 0) {
      apply();
    }
  }

  private void delta(JsonParser p) throws IOException {
    if (!enterObject(p)) {
      return;
    }
    for (String field = nextField(p); field != null; field = nextField(p)) {
      switch (field) {
        case "content" -> content = string(p);
        case "refusal" -> refusal = string(p);
        case "tool_calls" -> toolCalls(p);
        default -> p.skipChildren();
      }
    }
  }

  private void toolCalls(JsonParser p) throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      p.skipChildren();
      return;
    }
    while (p.nextToken() == JsonToken.START_OBJECT) {
      int index = 0;
      String id = null;
      String name = null;
      String arguments = null;
      for (String field = nextField(p); field != null; field = nextField(p)) {
        switch (field) {
          case "index" -> index = p.currentToken().isNumeric() ? p.getIntValue() : 0;
          case "id" -> id = string(p);
          case "function" -> {
            if (enterObject(p)) {
              for (String f = nextField(p); f != null; f = nextField(p)) {
                switch (f) {
                  case "name" -> name = string(p);
                  case "arguments" -> arguments = string(p);
                  default -> p.skipChildren();
                }
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      toolCalls.add(new ToolCallDelta(index, id, name, arguments));
    }
  }

  /** Applies choice 0 of a chunk, in the order the SDK-based backend does. */
  private void apply() {
    String text;
    if (content == null) {
      text = refusal == null ? "" : refusal;
    } else {
      text = refusal == null ? content : content + refusal;
    }
    if (!text.isEmpty()) {
      // Text after a tool call means the call is complete.
      flushCalls(Integer.MAX_VALUE);
      out.text(text);
    }
    for (ToolCallDelta tc : toolCalls) {
      flushCalls(tc.index());
      PendingCall call = pending.get(tc.index());
      if (call == null) {
        call =
            new PendingCall(
                tc.id() == null ? "" : tc.id(), tc.name() == null ? "unnamed" : tc.name());
        pending.put(tc.index(), call);
        out.functionCallStarted(tc.index(), call.id, call.name);
      }
      String args = tc.arguments() == null ? "" : tc.arguments();
      if (!args.isEmpty()) {
        call.arguments.append(args);
        String id = call.id.isEmpty() ? out.callId(tc.index()) : call.id;
        out.argumentsDelta(tc.index(), id, call.name, args);
      }
    }
    if (finishReason != null) {
      flushCalls(Integer.MAX_VALUE);
      out.finishReason(finishReason);
    }
  }

  /** Emits the pending calls with an index below {@code below}, in index order. */
  private void flushCalls(int below) {
    while (!pending.isEmpty() && pending.firstKey() < below) {
      Map.Entry<Integer, PendingCall> e = pending.pollFirstEntry();
      PendingCall call = e.getValue();
      out.functionCall(call.id, call.name, call.arguments.toString(), Map.of());
    }
  }

  private void usage(JsonParser p) throws IOException {
    if (!enterObject(p)) {
      return;
    }
    Long prompt = null;
    Long completion = null;
    Long total = null;
    Long reasoning = null;
    Long cached = null;
    for (String field = nextField(p); field != null; field = nextField(p)) {
      switch (field) {
        case "prompt_tokens" -> prompt = count(p);
        case "completion_tokens" -> completion = count(p);
        case "total_tokens" -> total = count(p);
        case "completion_tokens_details" -> reasoning = detail(p, "reasoning_tokens");
        case "prompt_tokens_details" -> cached = detail(p, "cached_tokens");
        default -> p.skipChildren();
      }
    }
    out.usage(prompt, completion, total, reasoning, cached);
  }

  private static Long detail(JsonParser p, String name) throws IOException {
    Long value = null;
    if (enterObject(p)) {
      for (String field = nextField(p); field != null; field = nextField(p)) {
        if (field.equals(name)) {
          value = count(p);
        } else {
          p.skipChildren();
        }
      }
    }
    return value;
  }

  private static ModelException error(JsonParser p) throws IOException {
    String message = null;
    String type = null;
    String code = null;
    if (enterObject(p)) {
      for (String field = nextField(p); field != null; field = nextField(p)) {
        switch (field) {
          case "message" -> message = string(p);
          case "type" -> type = string(p);
          case "code" -> code = string(p);
          default -> p.skipChildren();
        }
      }
    }
    return OpenAiErrors.forCode(
        code == null ? "" : code,
        type == null ? "" : type,
        message == null ? "the stream reported an error" : message,
        null);
  }
}
