package dev.processors.live;

import com.google.genai.Client;
import java.io.IOException;
import okhttp3.Response;

/**
 * {@link ModelBackend} over Gemini {@code streamGenerateContent} that keeps the GenAI SDK for the
 * request (building, auth, base URL, error statuses) and reads the streamed body itself: {@link
 * GeminiBodyTap} takes the body from the SDK and {@link GeminiStreamReader} reads it with Jackson's
 * streaming parser, without the SDK's one-chunk read-ahead. The client's OkHttp client must carry
 * {@link HttpCallControl#INTERCEPTOR} then {@link GeminiBodyTap#INTERCEPTOR}. Requests, cache keys
 * and error classification are {@link GenaiBackend}'s.
 */
final class GenaiLeanBackend implements ModelBackend<GenaiBackend.Request> {
  private final Client client;
  private final String model;
  private final GenaiBackend requests;

  GenaiLeanBackend(Client client, String model, GenaiBackend requests) {
    this.client = client;
    this.model = model;
    this.requests = requests;
  }

  @Override
  public String provider() {
    return requests.provider();
  }

  @Override
  public GenaiBackend.Request prepare(Conversation conversation) {
    return requests.prepare(conversation);
  }

  @Override
  public String describe(GenaiBackend.Request request) {
    return requests.describe(request);
  }

  @Override
  public void stream(GenaiBackend.Request request, GenerationOutput out, HttpCallControl call)
      throws IOException {
    try (GeminiBodyTap tap = GeminiBodyTap.open()) {
      // The SDK checks the status and gets an empty body; the real one waits in the tap.
      client.models.generateContentStream(model, request.contents(), request.config()).close();
      Response response =
          tap.response()
              .orElseThrow(
                  () ->
                      new IllegalStateException(
                          "the GenAI client's OkHttp client lacks GeminiBodyTap.INTERCEPTOR"));
      boolean finished = false;
      try {
        StreamedBody.read(
            GenaiBackend.PROVIDER,
            response.code(),
            response.header("Content-Type"),
            response.body().byteStream(),
            new GeminiStreamReader(out));
        finished = true;
      } finally {
        if (!finished) {
          call.cancel();
        }
      }
    }
  }

  @Override
  public LiveException classify(Throwable error, HttpCallControl call) {
    return requests.classify(error, call);
  }
}
