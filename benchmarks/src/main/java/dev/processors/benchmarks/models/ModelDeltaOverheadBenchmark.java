package dev.processors.benchmarks.models;

import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import dev.processors.core.PartStream;
import dev.processors.core.ProcessorPart;
import dev.processors.gemini.GenaiModel;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a model adapter adds per streamed delta on top of the raw SDK loop. The fake server streams
 * one answer of {@value #DELTAS} text deltas once; its exact response bytes are then replayed from
 * memory by an OkHttp interceptor for every call, so the SDK parses the same wire format but no
 * socket or server thread adds noise to a difference of well under a microsecond. Each benchmark
 * makes one whole streaming call per invocation and reports time per delta, so the adapter's cost
 * per delta is {@code adapter - raw}. Target: at most 1 µs.
 *
 * <p>{@code geminiRawSdk} is the plain GenAI SDK; {@code geminiRawSdkWithInterceptors} adds the
 * adapter's OkHttp interceptors (call capture, and the flush markers that defeat the SDK's
 * one-event read-ahead; with the whole answer already buffered only one marker is added); the
 * adapters run {@code process} directly on the benchmark thread with a sink that only consumes, so
 * no stage hop is measured here (see {@link ModelFlushLatencyBenchmark} for that).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelDeltaOverheadBenchmark {
  static final int DELTAS = 1000;
  static final String MODEL = "gemini-bench";

  Client rawGemini;
  Client rawGeminiWithInterceptors;
  OpenAIClient rawOpenAi;
  GenaiModel geminiModel;
  OpenAiModel openAiModel;
  ResponseCreateParams openAiParams;
  final List<ProcessorPart> input = List.of(ProcessorPart.text("count"));

  @Setup
  public void setUp() throws Exception {
    FakeTurn.Builder turn = FakeTurn.builder();
    for (int i = 0; i < DELTAS; i++) {
      turn.text("tok" + (i % 10) + " ");
    }
    byte[] geminiBytes;
    byte[] openAiBytes;
    try (FakeGeminiServer gemini = FakeGeminiServer.start();
        FakeOpenAiServer openai = FakeOpenAiServer.start()) {
      gemini.enqueue(turn.build());
      openai.enqueue(turn.build());
      geminiBytes =
          record(
              gemini.baseUrl() + "/v1beta/models/" + MODEL + ":streamGenerateContent?alt=sse",
              "{}");
      openAiBytes = record(openai.baseUrl() + "/responses", "{\"stream\":true}");
    }
    HttpOptions options =
        HttpOptions.builder()
            .baseUrl("http://127.0.0.1:9")
            .retryOptions(HttpRetryOptions.builder().attempts(1).build())
            .build();
    rawGemini = gemini(options, replaying(geminiBytes, false));
    rawGeminiWithInterceptors = gemini(options, replaying(geminiBytes, true));
    geminiModel =
        GenaiModel.builder()
            .model(MODEL)
            .client(gemini(options, replaying(geminiBytes, true)))
            .build();
    rawOpenAi = openAi(replaying(openAiBytes, false));
    openAiParams =
        ResponseCreateParams.builder().model("gpt-bench").input("count").store(false).build();
    openAiModel =
        OpenAiModel.builder()
            .model("gpt-bench")
            .client(openAi(replaying(openAiBytes, true)))
            .build();
  }

  @TearDown
  public void tearDown() {
    geminiModel.close();
    openAiModel.close();
    rawGemini.close();
    rawGeminiWithInterceptors.close();
    rawOpenAi.close();
  }

  /** The body the fake streamed for one request, read to the end. */
  private static byte[] record(String url, String body) throws Exception {
    HttpResponse<byte[]> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("the fake answered " + response.statusCode());
    }
    return response.body();
  }

  /** An OkHttp client answering every call with {@code sse}, optionally behind the adapter's. */
  private static OkHttpClient replaying(byte[] sse, boolean adapterInterceptors) {
    OkHttpClient.Builder b = new OkHttpClient.Builder().readTimeout(Duration.ZERO);
    if (adapterInterceptors) {
      GenaiModel.interceptors().forEach(b::addInterceptor);
    }
    MediaType type = MediaType.get("text/event-stream");
    b.addInterceptor(
        chain ->
            new Response.Builder()
                .request(chain.request())
                .protocol(Protocol.HTTP_1_1)
                .code(200)
                .message("OK")
                .header("Content-Type", "text/event-stream")
                .body(ResponseBody.create(sse, type))
                .build());
    return b.build();
  }

  private static Client gemini(HttpOptions options, OkHttpClient http) {
    return Client.builder()
        .apiKey("bench")
        .vertexAI(false)
        .httpOptions(options)
        .clientOptions(ClientOptions.builder().customHttpClient(http).build())
        .build();
  }

  private static OpenAIClient openAi(OkHttpClient http) {
    return OpenAIOkHttpClient.builder()
        .baseUrl("http://127.0.0.1:9/v1")
        .apiKey("bench")
        .maxRetries(0)
        .okHttpClient(http)
        .build();
  }

  private static void drainGemini(Client client, Blackhole bh) {
    try (ResponseStream<GenerateContentResponse> stream =
        client.models.generateContentStream(MODEL, "count", null)) {
      Iterator<GenerateContentResponse> it = stream.iterator();
      while (it.hasNext()) {
        bh.consume(it.next().text());
      }
    }
  }

  /** The plain GenAI SDK loop. */
  @Benchmark
  @OperationsPerInvocation(DELTAS)
  public void geminiRawSdk(Blackhole bh) {
    drainGemini(rawGemini, bh);
  }

  /** The GenAI SDK loop with the adapter's interceptors (flush markers included). */
  @Benchmark
  @OperationsPerInvocation(DELTAS)
  public void geminiRawSdkWithInterceptors(Blackhole bh) {
    drainGemini(rawGeminiWithInterceptors, bh);
  }

  /** {@link GenaiModel}: parts tagged with the utterance, usage, retries armed. */
  @Benchmark
  @OperationsPerInvocation(DELTAS)
  public void geminiAdapter(Blackhole bh) throws Exception {
    geminiModel.process(PartStream.of(input), bh::consume);
  }

  /** The plain OpenAI SDK loop over Responses API events. */
  @Benchmark
  @OperationsPerInvocation(DELTAS)
  public void openAiRawSdk(Blackhole bh) {
    try (StreamResponse<ResponseStreamEvent> stream =
        rawOpenAi.responses().createStreaming(openAiParams)) {
      Iterator<ResponseStreamEvent> it = stream.stream().iterator();
      while (it.hasNext()) {
        ResponseStreamEvent e = it.next();
        if (e.isOutputTextDelta()) {
          bh.consume(e.asOutputTextDelta().delta());
        }
      }
    }
  }

  /** {@link OpenAiModel} on the Responses API. */
  @Benchmark
  @OperationsPerInvocation(DELTAS)
  public void openAiAdapter(Blackhole bh) throws Exception {
    openAiModel.process(PartStream.of(input), bh::consume);
  }
}
