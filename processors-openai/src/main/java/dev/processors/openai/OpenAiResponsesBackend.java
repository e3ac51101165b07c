package dev.processors.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import dev.processors.model.ModelException;
import dev.processors.model.spi.Conversation;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.ModelBackend;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.function.UnaryOperator;

/** {@link ModelBackend} over the OpenAI Responses API, streaming. */
final class OpenAiResponsesBackend implements ModelBackend<ResponseCreateParams> {
  private final OpenAIClient client;
  private final OpenAiRequests.Settings settings;
  private final UnaryOperator<ResponseCreateParams> customizer;

  OpenAiResponsesBackend(
      OpenAIClient client,
      OpenAiRequests.Settings settings,
      UnaryOperator<ResponseCreateParams> customizer) {
    this.client = client;
    this.settings = settings;
    this.customizer = customizer;
  }

  @Override
  public String provider() {
    return OpenAiRequests.PROVIDER;
  }

  @Override
  public ResponseCreateParams prepare(Conversation conversation) {
    return customizer.apply(OpenAiRequests.responses(conversation, settings));
  }

  @Override
  public String describe(ResponseCreateParams request) {
    return "{\"provider\":\"openai-responses\",\"body\":"
        + OpenAiErrors.json(request._body())
        + "}";
  }

  @Override
  public void stream(ResponseCreateParams request, GenerationOutput out, HttpCallControl call) {
    Map<String, CallState> calls = new HashMap<>();
    int[] ordinals = {0};
    try (StreamResponse<ResponseStreamEvent> stream = client.responses().createStreaming(request)) {
      boolean finished = false;
      try {
        Iterator<ResponseStreamEvent> events = stream.stream().iterator();
        while (events.hasNext()) {
          ResponseStreamEvent e = events.next();
          call.received();
          if (Thread.currentThread().isInterrupted()) {
            throw new CancellationException("generation cancelled");
          }
          handle(e, out, calls, ordinals);
        }
        finished = true;
      } finally {
        if (!finished) {
          call.cancel();
        }
      }
    }
  }

  private static final class CallState {
    final int ordinal;
    final String callId;
    final String name;
    boolean emitted;

    CallState(int ordinal, String callId, String name) {
      this.ordinal = ordinal;
      this.callId = callId;
      this.name = name;
    }
  }

  private static void handle(
      ResponseStreamEvent e, GenerationOutput out, Map<String, CallState> calls, int[] ordinals) {
    if (e.isOutputTextDelta()) {
      out.text(e.asOutputTextDelta().delta());
    } else if (e.isFunctionCallArgumentsDelta()) {
      var d = e.asFunctionCallArgumentsDelta();
      CallState c = calls.get(d.itemId());
      if (c != null) {
        out.argumentsDelta(c.ordinal, c.callId, c.name, d.delta());
      }
    } else if (e.isFunctionCallArgumentsDone()) {
      var d = e.asFunctionCallArgumentsDone();
      CallState c = calls.get(d.itemId());
      if (c != null && !c.emitted) {
        c.emitted = true;
        out.functionCall(c.callId, c.name, d.arguments(), Map.of());
      }
    } else if (e.isOutputItemAdded()) {
      ResponseOutputItem item = e.asOutputItemAdded().item();
      if (item.isFunctionCall()) {
        ResponseFunctionToolCall fc = item.asFunctionCall();
        CallState c = new CallState(ordinals[0]++, fc.callId(), fc.name());
        calls.put(fc.id().orElse(fc.callId()), c);
        out.functionCallStarted(c.ordinal, c.callId, c.name);
      }
    } else if (e.isOutputItemDone()) {
      ResponseOutputItem item = e.asOutputItemDone().item();
      if (item.isFunctionCall()) {
        ResponseFunctionToolCall fc = item.asFunctionCall();
        CallState c = calls.get(fc.id().orElse(fc.callId()));
        if (c == null) {
          c = new CallState(ordinals[0]++, fc.callId(), fc.name());
          calls.put(fc.id().orElse(fc.callId()), c);
        }
        if (!c.emitted) {
          c.emitted = true;
          out.functionCall(fc.callId(), fc.name(), fc.arguments(), Map.of());
        }
      }
    } else if (e.isRefusalDelta()) {
      out.text(e.asRefusalDelta().delta());
    } else if (e.isReasoningSummaryTextDelta()) {
      out.thought(e.asReasoningSummaryTextDelta().delta());
    } else if (e.isReasoningTextDelta()) {
      out.thought(e.asReasoningTextDelta().delta());
    } else if (e.isCreated()) {
      Response r = e.asCreated().response();
      info(r, out);
      out.responseCreated(r.id(), r.model().toString());
    } else if (e.isCompleted()) {
      Response r = e.asCompleted().response();
      info(r, out);
      out.finishReason("completed");
    } else if (e.isIncomplete()) {
      Response r = e.asIncomplete().response();
      info(r, out);
      out.finishReason(
          "incomplete"
              + r.incompleteDetails().flatMap(d -> d.reason()).map(x -> ":" + x).orElse(""));
    } else if (e.isFailed()) {
      Response r = e.asFailed().response();
      String code = r.error().map(err -> err.code().toString()).orElse("failed");
      String message = r.error().map(err -> err.message()).orElse("the response failed");
      throw OpenAiErrors.forCode(code, "", message, null);
    } else if (e.isError()) {
      var err = e.asError();
      throw OpenAiErrors.forCode(err.code().orElse(""), "", err.message(), null);
    }
  }

  private static void info(Response r, GenerationOutput out) {
    out.responseId(r.id());
    out.modelVersion(r.model().toString());
    r.usage()
        .ifPresent(
            u ->
                out.usage(
                    u.inputTokens(),
                    u.outputTokens(),
                    u.totalTokens(),
                    u._outputTokensDetails()
                        .asKnown()
                        .map(d -> (Number) d.reasoningTokens())
                        .orElse(null),
                    u._inputTokensDetails()
                        .asKnown()
                        .map(d -> (Number) d.cachedTokens())
                        .orElse(null)));
  }

  @Override
  public ModelException classify(Throwable error, HttpCallControl call) {
    return OpenAiErrors.classify(error);
  }
}
