package dev.processors.gemini;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import dev.processors.model.ModelException;
import dev.processors.model.spi.Conversation;
import dev.processors.model.spi.GenerationOutput;
import dev.processors.model.spi.HttpCallControl;
import dev.processors.model.spi.ModelBackend;
import dev.processors.model.spi.StreamedBody;
import java.io.IOException;
import okhttp3.Response;

/**
 * {@link ModelBackend} over Gemini {@code streamGenerateContent} that keeps the GenAI SDK for the
 * request (building, auth, base URL, error statuses) and reads the streamed body itself: {@link
 * GeminiBodyTap} takes the body from the SDK and {@link GeminiStreamReader} reads it with Jackson's
 * streaming parser, without the SDK's one-chunk read-ahead. The client's OkHttp client carries
 * {@link GenaiModel#interceptors()}, the tap last; a client without the tap is read by the SDK
 * ({@link GenaiBackend#read}). Requests, cache keys and error classification are {@link
 * GenaiBackend}'s.
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
      ResponseStream<GenerateContentResponse> sdkStream =
          client.models.generateContentStream(model, request.contents(), request.config());
      Response response = tap.response().orElse(null);
      if (response == null) {
        // A client of the caller's without GeminiBodyTap.INTERCEPTOR: the SDK has the body.
        requests.read(sdkStream, out, call);
        return;
      }
      sdkStream.close(); // the SDK was handed an empty body; the real one is in the tap
      boolean finished = false;
      try {
        StreamedBody.read(
            GenaiBackend.PROVIDER,
            response.code(),
            response.header("Content-Type"),
            response.body().byteStream(),
            new GeminiStreamReader(out),
            call);
        finished = true;
      } finally {
        if (!finished) {
          call.cancel();
        }
      }
    }
  }

  @Override
  public ModelException classify(Throwable error, HttpCallControl call) {
    return requests.classify(error, call);
  }
}
