package dev.processors.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.processors.model.ModelException;
import dev.processors.model.spi.Conversation;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.ModelBackend;
import java.io.IOException;

/**
 * {@link ModelBackend} over OpenAI Chat Completions that keeps the SDK for the request (building,
 * auth, base URL, error statuses) and reads the streamed body itself: {@code withRawResponse()}
 * hands over the body unparsed, {@link OpenAiChatStreamReader} turns it into output with Jackson's
 * streaming parser, and {@link StreamedBody} rejects a cut stream. Requests, cache keys and error
 * classification are {@link OpenAiChatBackend}'s.
 */
final class OpenAiChatLeanBackend implements ModelBackend<ChatCompletionCreateParams> {
  private final OpenAIClient client;
  private final OpenAiChatBackend requests;

  OpenAiChatLeanBackend(OpenAIClient client, OpenAiChatBackend requests) {
    this.client = client;
    this.requests = requests;
  }

  @Override
  public String provider() {
    return requests.provider();
  }

  @Override
  public ChatCompletionCreateParams prepare(Conversation conversation) {
    return requests.prepare(conversation);
  }

  @Override
  public String describe(ChatCompletionCreateParams request) {
    return requests.describe(request);
  }

  @Override
  public void stream(ChatCompletionCreateParams request, GenerationOutput out, HttpCallControl call)
      throws IOException {
    HttpResponseFor<StreamResponse<ChatCompletionChunk>> response =
        client.chat().completions().withRawResponse().createStreaming(request);
    OpenAiRawBodies.read(response, call, new OpenAiChatStreamReader(out));
  }

  @Override
  public ModelException classify(Throwable error, HttpCallControl call) {
    return requests.classify(error, call);
  }
}
