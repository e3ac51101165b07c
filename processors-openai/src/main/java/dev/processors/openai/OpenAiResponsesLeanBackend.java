package dev.processors.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.processors.model.ModelException;
import dev.processors.model.spi.Conversation;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.ModelBackend;
import java.io.IOException;

/**
 * {@link ModelBackend} over the OpenAI Responses API that keeps the SDK for the request and reads
 * the streamed body itself with {@link OpenAiResponsesStreamReader} (see {@link
 * OpenAiChatLeanBackend}). Requests, cache keys and error classification are {@link
 * OpenAiResponsesBackend}'s.
 */
final class OpenAiResponsesLeanBackend implements ModelBackend<ResponseCreateParams> {
  private final OpenAIClient client;
  private final OpenAiResponsesBackend requests;

  OpenAiResponsesLeanBackend(OpenAIClient client, OpenAiResponsesBackend requests) {
    this.client = client;
    this.requests = requests;
  }

  @Override
  public String provider() {
    return requests.provider();
  }

  @Override
  public ResponseCreateParams prepare(Conversation conversation) {
    return requests.prepare(conversation);
  }

  @Override
  public String describe(ResponseCreateParams request) {
    return requests.describe(request);
  }

  @Override
  public void stream(ResponseCreateParams request, GenerationOutput out, HttpCallControl call)
      throws IOException {
    HttpResponseFor<StreamResponse<ResponseStreamEvent>> response =
        client.responses().withRawResponse().createStreaming(request);
    OpenAiRawBodies.read(response, call, new OpenAiResponsesStreamReader(out));
  }

  @Override
  public ModelException classify(Throwable error, HttpCallControl call) {
    return requests.classify(error, call);
  }
}
