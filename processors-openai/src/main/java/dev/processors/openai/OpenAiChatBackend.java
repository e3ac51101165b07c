package dev.processors.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.processors.model.ModelException;
import dev.processors.model.spi.Conversation;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.ModelBackend;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;

/**
 * {@link ModelBackend} over OpenAI Chat Completions, streaming. A tool call is emitted whole as
 * soon as the next one starts or the choice finishes; its arguments stream on the partial substream
 * meanwhile.
 */
final class OpenAiChatBackend implements ModelBackend<ChatCompletionCreateParams> {
  private final OpenAIClient client;
  private final OpenAiRequests.Settings settings;
  private final UnaryOperator<ChatCompletionCreateParams> customizer;

  OpenAiChatBackend(
      OpenAIClient client,
      OpenAiRequests.Settings settings,
      UnaryOperator<ChatCompletionCreateParams> customizer) {
    this.client = client;
    this.settings = settings;
    this.customizer = customizer;
  }

  @Override
  public String provider() {
    return OpenAiRequests.PROVIDER;
  }

  @Override
  public ChatCompletionCreateParams prepare(Conversation conversation) {
    return customizer.apply(OpenAiRequests.chat(conversation, settings));
  }

  @Override
  public String describe(ChatCompletionCreateParams request) {
    return "{\"provider\":\"openai-chat\",\"body\":" + OpenAiErrors.json(request._body()) + "}";
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

  @Override
  public void stream(
      ChatCompletionCreateParams request, GenerationOutput out, HttpCallControl call) {
    TreeMap<Integer, PendingCall> pending = new TreeMap<>();
    try (StreamResponse<ChatCompletionChunk> stream =
        client.chat().completions().createStreaming(request)) {
      boolean finished = false;
      try {
        Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
        while (chunks.hasNext()) {
          ChatCompletionChunk chunk = chunks.next();
          call.received();
          if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("generation cancelled");
          }
          handle(chunk, out, pending);
        }
        flushCalls(pending, Integer.MAX_VALUE, out);
        finished = true;
      } finally {
        if (!finished) {
          call.cancel();
        }
      }
    }
  }

  private static void handle(
      ChatCompletionChunk chunk, GenerationOutput out, TreeMap<Integer, PendingCall> pending) {
    out.responseId(chunk.id());
    out.modelVersion(chunk.model());
    for (ChatCompletionChunk.Choice choice : chunk.choices()) {
      if (choice.index() != 0) {
        continue;
      }
      ChatCompletionChunk.Choice.Delta delta = choice.delta();
      String text = delta.content().orElse("") + delta.refusal().orElse("");
      if (!text.isEmpty()) {
        // Text after a tool call means the call is complete.
        flushCalls(pending, Integer.MAX_VALUE, out);
        out.text(text);
      }
      for (ChatCompletionChunk.Choice.Delta.ToolCall tc :
          delta.toolCalls().orElse(java.util.List.of())) {
        int index = (int) tc.index();
        flushCalls(pending, index, out);
        PendingCall p = pending.get(index);
        if (p == null) {
          String name = tc.function().flatMap(f -> f.name()).orElse("unnamed");
          p = new PendingCall(tc.id().orElse(""), name);
          pending.put(index, p);
          out.functionCallStarted(index, p.id, p.name);
        }
        String args = tc.function().flatMap(f -> f.arguments()).orElse("");
        if (!args.isEmpty()) {
          p.arguments.append(args);
          String id = p.id.isEmpty() ? out.callId(index) : p.id;
          out.argumentsDelta(index, id, p.name, args);
        }
      }
      choice
          .finishReason()
          .ifPresent(
              r -> {
                flushCalls(pending, Integer.MAX_VALUE, out);
                out.finishReason(r.toString());
              });
    }
    chunk
        .usage()
        .ifPresent(
            u ->
                out.usage(
                    u.promptTokens(),
                    u.completionTokens(),
                    u.totalTokens(),
                    u.completionTokensDetails().flatMap(d -> d.reasoningTokens()).orElse(null),
                    u.promptTokensDetails().flatMap(d -> d.cachedTokens()).orElse(null)));
  }

  /** Emits the pending calls with an index below {@code below}, in index order. */
  private static void flushCalls(
      TreeMap<Integer, PendingCall> pending, int below, GenerationOutput out) {
    while (!pending.isEmpty() && pending.firstKey() < below) {
      Map.Entry<Integer, PendingCall> e = pending.pollFirstEntry();
      PendingCall p = e.getValue();
      out.functionCall(p.id, p.name, p.arguments.toString(), Map.of());
    }
  }

  @Override
  public ModelException classify(Throwable error, HttpCallControl call) {
    return OpenAiErrors.classify(error);
  }
}
