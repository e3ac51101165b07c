package dev.processors.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.Candidate;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The fakes driven through the real SDKs: over TLS with the testkit's trust, and with a stream cut
 * cleanly before its terminal event, which each SDK hands over as a normal end of stream. That is
 * why a model adapter must check for the terminal event itself.
 */
@ExtendWith(LeakCheck.class)
@Timeout(60)
class FakesThroughSdksTest {

  /** The OpenAI SDK starts a JVM-wide cleaner thread with its first client; not a leak. */
  @BeforeAll
  static void startTheSdksSharedThreads() {
    openAi("http://127.0.0.1:9/v1").close();
  }

  private static Client gemini(FakeGeminiServer fake) {
    OkHttpClient ok =
        new OkHttpClient.Builder()
            .sslSocketFactory(FakeTls.socketFactory(), FakeTls.trustManager())
            .readTimeout(Duration.ofSeconds(10))
            .build();
    return Client.builder()
        .apiKey("test-key")
        .httpOptions(
            HttpOptions.builder()
                .baseUrl(fake.baseUrl())
                .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                .build())
        .clientOptions(ClientOptions.builder().customHttpClient(ok).build())
        .build();
  }

  private static List<GenerateContentResponse> stream(Client client) {
    List<GenerateContentResponse> chunks = new ArrayList<>();
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream("gemini-x", "hi", null)) {
      stream.forEach(chunks::add);
    }
    return chunks;
  }

  private static Optional<String> finishReason(GenerateContentResponse chunk) {
    return chunk.candidates().orElse(List.of()).stream()
        .findFirst()
        .flatMap(Candidate::finishReason)
        .map(Object::toString)
        .filter(r -> !r.equals("FINISH_REASON_UNSPECIFIED"));
  }

  @Test
  void theGenaiSdkStreamsFromTheTlsFakeAndSeesTheFinishReason() {
    try (FakeGeminiServer fake = FakeGeminiServer.startTls();
        Client client = gemini(fake)) {
      fake.enqueue(FakeTurn.text("Hello", ", world"));
      List<GenerateContentResponse> chunks = stream(client);
      assertThat(chunks)
          .extracting(GenerateContentResponse::text)
          .containsExactly("Hello", ", world");
      assertThat(finishReason(chunks.get(1))).contains("STOP");
      assertThat(fake.lastRequest().orElseThrow().header("x-goog-api-key")).contains("test-key");
    }
  }

  @Test
  void theGenaiSdkTakesACleanCutForAnEndWithoutFinishReason() {
    try (FakeGeminiServer fake = FakeGeminiServer.startTls();
        Client client = gemini(fake)) {
      fake.enqueue(
          FakeTurn.builder().text("Hello").text(", wor").cut(Cut.CLEAN).text("ld").build());
      List<GenerateContentResponse> chunks = stream(client);
      assertThat(chunks)
          .extracting(GenerateContentResponse::text)
          .containsExactly("Hello", ", wor");
      assertThat(chunks).allSatisfy(c -> assertThat(finishReason(c)).isEmpty());
    }
  }

  private static OpenAIClient openAi(String baseUrl) {
    return OpenAIOkHttpClient.builder()
        .baseUrl(baseUrl)
        .apiKey("sk-test")
        .sslSocketFactory(FakeTls.socketFactory())
        .trustManager(FakeTls.trustManager())
        .maxRetries(0)
        .build();
  }

  private static List<ResponseStreamEvent> responses(OpenAIClient client) {
    List<ResponseStreamEvent> events = new ArrayList<>();
    try (StreamResponse<ResponseStreamEvent> stream =
        client
            .responses()
            .createStreaming(ResponseCreateParams.builder().model("gpt-x").input("hi").build())) {
      stream.stream().forEach(events::add);
    }
    return events;
  }

  @Test
  void theOpenAiSdkStreamsResponsesFromTheTlsFakeUntilCompleted() {
    try (FakeOpenAiServer fake = FakeOpenAiServer.startTls()) {
      OpenAIClient client = openAi(fake.baseUrl());
      try {
        fake.enqueue(FakeTurn.text("Hi", " there"));
        List<ResponseStreamEvent> events = responses(client);
        assertThat(events.stream().filter(ResponseStreamEvent::isOutputTextDelta))
            .extracting(e -> e.asOutputTextDelta().delta())
            .containsExactly("Hi", " there");
        assertThat(events.get(events.size() - 1).isCompleted()).isTrue();
        assertThat(fake.lastRequest().orElseThrow().header("authorization"))
            .contains("Bearer sk-test");
      } finally {
        client.close();
      }
    }
  }

  @Test
  void theOpenAiSdkTakesACleanCutForAnEndWithoutResponseCompleted() {
    try (FakeOpenAiServer fake = FakeOpenAiServer.startTls()) {
      OpenAIClient client = openAi(fake.baseUrl());
      try {
        fake.enqueue(FakeTurn.builder().text("Hi").text(" there").cutAtEvent(6, Cut.CLEAN).build());
        List<ResponseStreamEvent> events = responses(client);
        assertThat(events).hasSize(6);
        assertThat(events).noneMatch(ResponseStreamEvent::isCompleted);
      } finally {
        client.close();
      }
    }
  }

  @Test
  void theOpenAiSdkTakesAChatStreamCutBeforeDoneForANormalEnd() {
    try (FakeOpenAiServer fake = FakeOpenAiServer.startTls()) {
      OpenAIClient client = openAi(fake.baseUrl());
      try {
        fake.enqueue(FakeTurn.builder().text("Hi").cut(Cut.CLEAN).build());
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        ChatCompletionCreateParams params =
            ChatCompletionCreateParams.builder().model("gpt-x").addUserMessage("hi").build();
        try (StreamResponse<ChatCompletionChunk> stream =
            client.chat().completions().createStreaming(params)) {
          stream.stream().forEach(chunks::add);
        }
        assertThat(chunks).hasSize(2); // the role chunk and "Hi"
        assertThat(chunks).allSatisfy(c -> assertThat(c.choices().get(0).finishReason()).isEmpty());
      } finally {
        client.close();
      }
    }
  }
}
