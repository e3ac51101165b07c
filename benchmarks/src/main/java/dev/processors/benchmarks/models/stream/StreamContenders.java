package dev.processors.benchmarks.models.stream;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
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
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiResponsesStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.processors.core.Content;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.live.GenaiModel;
import dev.processors.live.LeanModels;
import dev.processors.live.OpenAiModel;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The contenders of the model streaming benchmarks, each consuming one whole streamed answer per
 * invocation from {@link SseBenchServer} (in its own JVM) and only counting its text deltas:
 *
 * <ul>
 *   <li>{@code *_langchain4j}: LangChain4j's streaming chat model for that API (its JDK HTTP client
 *       parses on its own thread; the benchmark thread waits for the completion callback);
 *   <li>{@code *_sdk}: the provider's Java SDK streaming loop on the benchmark thread;
 *   <li>{@code *_model}: our model processor's {@code process} called directly on the benchmark
 *       thread;
 *   <li>{@code *_modelRun}: our model processor started as a run and iterated, as users use it (the
 *       model streams on the run's virtual thread; the benchmark thread consumes);
 *   <li>{@code *_lean}, {@code *_leanRun}: the same with the lean streamed-body reader (the SDKs
 *       build, send and fail the request; Jackson's streaming parser reads the body).
 * </ul>
 *
 * <p>A subclass fixes the number of deltas and the server's pace and sets
 * {@code @OperationsPerInvocation} to the number of deltas, so every figure is per delta. Each
 * invocation checks that exactly that many deltas arrived.
 */
@State(Scope.Benchmark)
public abstract class StreamContenders {
  static final List<ProcessorPart> INPUT = List.of(ProcessorPart.text("count"));

  BenchServerProcess server;
  String model;
  OpenAIClient openAi;
  ChatCompletionCreateParams chatParams;
  ResponseCreateParams responsesParams;
  Client genai;
  OpenAiModel chatModel;
  OpenAiModel responsesModel;
  GenaiModel geminiModel;
  Processor chatLean;
  Processor responsesLean;
  Processor geminiLean;
  StreamingChatModel chatLangchain4j;
  StreamingChatModel responsesLangchain4j;
  StreamingChatModel geminiLangchain4j;

  /** Text deltas per answer. */
  abstract int deltas();

  /** Microseconds between the server's events; 0 writes the whole answer at once. */
  abstract int paceMicros();

  @Setup(Level.Trial)
  public void startServerAndClients() throws Exception {
    server = BenchServerProcess.start();
    String base = server.baseUrl();
    model = "bench-n" + deltas() + "-p" + paceMicros();
    Duration timeout = Duration.ofMinutes(5);
    openAi =
        OpenAIOkHttpClient.builder()
            .baseUrl(base + "/v1")
            .apiKey("bench")
            .maxRetries(0)
            .timeout(timeout)
            .build();
    chatParams = ChatCompletionCreateParams.builder().model(model).addUserMessage("count").build();
    responsesParams =
        ResponseCreateParams.builder().model(model).input("count").store(false).build();
    genai =
        Client.builder()
            .apiKey("bench")
            .vertexAI(false)
            .httpOptions(
                HttpOptions.builder()
                    .baseUrl(base)
                    .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                    .build())
            .build();
    chatModel =
        OpenAiModel.builder()
            .model(model)
            .apiKey("bench")
            .baseUrl(base + "/v1")
            .api(OpenAiModel.Api.CHAT_COMPLETIONS)
            .build();
    responsesModel =
        OpenAiModel.builder().model(model).apiKey("bench").baseUrl(base + "/v1").build();
    geminiModel = GenaiModel.builder().model(model).apiKey("bench").baseUrl(base).build();
    chatLean = LeanModels.openAiChat(base + "/v1", model);
    responsesLean = LeanModels.openAiResponses(base + "/v1", model);
    geminiLean = LeanModels.gemini(base, model);
    chatLangchain4j =
        OpenAiStreamingChatModel.builder()
            .baseUrl(base + "/v1")
            .apiKey("bench")
            .modelName(model)
            .timeout(timeout)
            .build();
    responsesLangchain4j =
        OpenAiResponsesStreamingChatModel.builder()
            .baseUrl(base + "/v1")
            .apiKey("bench")
            .modelName(model)
            .store(false)
            .build();
    geminiLangchain4j =
        GoogleAiGeminiStreamingChatModel.builder()
            .baseUrl(base + "/v1beta")
            .apiKey("bench")
            .modelName(model)
            .timeout(timeout)
            .build();
  }

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    chatModel.close();
    responsesModel.close();
    geminiModel.close();
    LeanModels.close(chatLean, responsesLean, geminiLean);
    genai.close();
    openAi.close();
    server.close();
  }

  // ------------------------------------------------------------------ Chat Completions

  @Benchmark
  public int chat_langchain4j() {
    return expect(langchain4j(chatLangchain4j));
  }

  @Benchmark
  public int chat_sdk() {
    return expect(chatSdk());
  }

  @Benchmark
  public int chat_model() throws Exception {
    return expect(direct(chatModel));
  }

  @Benchmark
  public int chat_modelRun() {
    return expect(inRun(chatModel));
  }

  @Benchmark
  public int chat_lean() throws Exception {
    return expect(direct(chatLean));
  }

  @Benchmark
  public int chat_leanRun() {
    return expect(inRun(chatLean));
  }

  // ------------------------------------------------------------------ Responses

  @Benchmark
  public int responses_langchain4j() {
    return expect(langchain4j(responsesLangchain4j));
  }

  @Benchmark
  public int responses_sdk() {
    int n = 0;
    try (StreamResponse<ResponseStreamEvent> stream =
        openAi.responses().createStreaming(responsesParams)) {
      Iterator<ResponseStreamEvent> it = stream.stream().iterator();
      while (it.hasNext()) {
        ResponseStreamEvent e = it.next();
        if (e.isOutputTextDelta() && !e.asOutputTextDelta().delta().isEmpty()) {
          n++;
        }
      }
    }
    return expect(n);
  }

  @Benchmark
  public int responses_model() throws Exception {
    return expect(direct(responsesModel));
  }

  @Benchmark
  public int responses_modelRun() {
    return expect(inRun(responsesModel));
  }

  @Benchmark
  public int responses_lean() throws Exception {
    return expect(direct(responsesLean));
  }

  @Benchmark
  public int responses_leanRun() {
    return expect(inRun(responsesLean));
  }

  // ------------------------------------------------------------------ Gemini

  @Benchmark
  public int gemini_langchain4j() {
    return expect(langchain4j(geminiLangchain4j));
  }

  @Benchmark
  public int gemini_sdk() {
    int n = 0;
    try (ResponseStream<GenerateContentResponse> stream =
        genai.models.generateContentStream(model, "count", null)) {
      for (GenerateContentResponse chunk : stream) {
        String text = chunk.text();
        if (text != null && !text.isEmpty()) {
          n++;
        }
      }
    }
    return expect(n);
  }

  @Benchmark
  public int gemini_model() throws Exception {
    return expect(direct(geminiModel));
  }

  @Benchmark
  public int gemini_modelRun() {
    return expect(inRun(geminiModel));
  }

  @Benchmark
  public int gemini_lean() throws Exception {
    return expect(direct(geminiLean));
  }

  @Benchmark
  public int gemini_leanRun() {
    return expect(inRun(geminiLean));
  }

  // ------------------------------------------------------------------ shared

  int chatSdk() {
    int n = 0;
    try (StreamResponse<ChatCompletionChunk> stream =
        openAi.chat().completions().createStreaming(chatParams)) {
      Iterator<ChatCompletionChunk> it = stream.stream().iterator();
      while (it.hasNext()) {
        for (ChatCompletionChunk.Choice c : it.next().choices()) {
          if (c.delta().content().filter(s -> !s.isEmpty()).isPresent()) {
            n++;
          }
        }
      }
    }
    return n;
  }

  static boolean isDelta(ProcessorPart p) {
    return p.content() instanceof Content.Text && p.substream().isEmpty();
  }

  static int direct(Processor model) throws Exception {
    int[] n = {0};
    model.process(
        PartStream.of(INPUT),
        p -> {
          if (isDelta(p)) {
            n[0]++;
          }
        });
    return n[0];
  }

  static int inRun(Processor model) {
    int n = 0;
    try (ProcessorRun run = model.start(INPUT)) {
      for (ProcessorPart p : run) {
        if (isDelta(p)) {
          n++;
        }
      }
    }
    return n;
  }

  static int langchain4j(StreamingChatModel model) {
    CountingHandler handler = new CountingHandler();
    model.chat("count", handler);
    handler.done.join();
    return handler.count;
  }

  int expect(int n) {
    if (n != deltas()) {
      throw new IllegalStateException("expected " + deltas() + " deltas, counted " + n);
    }
    return n;
  }

  /** Counts LangChain4j's partial responses; completes when the answer is complete. */
  static final class CountingHandler implements StreamingChatResponseHandler {
    final CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    int count;

    @Override
    public void onPartialResponse(String partialResponse) {
      if (!partialResponse.isEmpty()) {
        count++;
      }
    }

    @Override
    public void onCompleteResponse(ChatResponse completeResponse) {
      done.complete(completeResponse);
    }

    @Override
    public void onError(Throwable error) {
      done.completeExceptionally(error);
    }
  }
}
