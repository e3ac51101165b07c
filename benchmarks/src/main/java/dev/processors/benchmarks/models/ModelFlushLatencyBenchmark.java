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
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.gemini.GenaiModel;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeModelServer;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.Gate;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Time from the fake server's flush of one streamed delta to that delta reaching the next stage of
 * a pipeline ({@code path=adapterToNextStage}: {@code model.andThen(stage)}), compared with the
 * delta reaching the caller of the raw SDK loop ({@code path=rawSdk}). The fake holds each delta at
 * a gate; one operation releases it and waits for its arrival, so the JMH time also includes waking
 * the fake's thread and the benchmark thread. The pure flush-to-arrival times (taken with {@link
 * System#nanoTime()} in the fake just before it writes, and in the receiving stage) of the
 * measurement iterations are printed as percentiles at the end of each trial.
 *
 * <p>The raw Gemini loop carries the adapter's OkHttp interceptors: without the flush markers the
 * SDK's read-ahead would hold every delta until the next one is released, so that loop could not
 * run here at all.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ModelFlushLatencyBenchmark {
  static final int DELTAS_PER_ITERATION = 200_000;

  @Param({"gemini", "openai"})
  public String provider;

  @Param({"rawSdk", "adapterToNextStage"})
  public String path;

  FakeModelServer fake;
  Client geminiClient;
  OpenAIClient openAiClient;
  AutoCloseable model;
  Gate gate;
  ProcessorRun run;
  Thread rawReader;
  final BlockingQueue<Long> arrivals = new ArrayBlockingQueue<>(1024);
  long[] samples = new long[1 << 20];
  int sampleCount;
  boolean measuring;

  @Setup(Level.Trial)
  public void setUp() {
    if (provider.equals("gemini")) {
      FakeGeminiServer g = FakeGeminiServer.start();
      fake = g;
      OkHttpClient.Builder http = new OkHttpClient.Builder().readTimeout(Duration.ZERO);
      GenaiModel.interceptors().forEach(http::addInterceptor);
      geminiClient =
          Client.builder()
              .apiKey("bench")
              .vertexAI(false)
              .httpOptions(
                  HttpOptions.builder()
                      .baseUrl(g.baseUrl())
                      .retryOptions(HttpRetryOptions.builder().attempts(1).build())
                      .build())
              .clientOptions(ClientOptions.builder().customHttpClient(http.build()).build())
              .build();
      model =
          GenaiModel.builder().model("gemini-bench").apiKey("bench").baseUrl(g.baseUrl()).build();
    } else {
      FakeOpenAiServer o = FakeOpenAiServer.start();
      fake = o;
      openAiClient =
          OpenAIOkHttpClient.builder().baseUrl(o.baseUrl()).apiKey("bench").maxRetries(0).build();
      model = OpenAiModel.builder().model("gpt-bench").apiKey("bench").baseUrl(o.baseUrl()).build();
    }
  }

  @Setup(Level.Iteration)
  public void startStream(IterationParams iteration) {
    measuring = iteration.getType() == IterationType.MEASUREMENT;
    gate = Gate.create();
    FakeTurn.Builder turn = FakeTurn.builder();
    for (int i = 0; i < DELTAS_PER_ITERATION; i++) {
      turn.awaitRelease(gate).text("d ");
    }
    fake.enqueue(turn.build());
    arrivals.clear();
    if (path.equals("adapterToNextStage")) {
      Processor nextStage =
          (in, out) -> {
            for (ProcessorPart p : in) {
              if (p.isText()) {
                arrivals.put(System.nanoTime());
              }
            }
          };
      run = ((Processor) model).andThen(nextStage).start(List.of(ProcessorPart.text("go")));
    } else {
      rawReader = Thread.ofVirtual().start(this::readRaw);
    }
  }

  private void readRaw() {
    try {
      if (geminiClient != null) {
        try (ResponseStream<GenerateContentResponse> s =
            geminiClient.models.generateContentStream("gemini-bench", "go", null)) {
          Iterator<GenerateContentResponse> it = s.iterator();
          while (it.hasNext()) {
            GenerateContentResponse r = it.next();
            if (r.text() != null && !r.text().isEmpty()) {
              arrivals.put(System.nanoTime());
            }
          }
        }
      } else {
        try (StreamResponse<ResponseStreamEvent> s =
            openAiClient
                .responses()
                .createStreaming(
                    ResponseCreateParams.builder().model("gpt-bench").input("go").build())) {
          Iterator<ResponseStreamEvent> it = s.stream().iterator();
          while (it.hasNext()) {
            if (it.next().isOutputTextDelta()) {
              arrivals.put(System.nanoTime());
            }
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      if (!Thread.currentThread().isInterrupted()) {
        throw e;
      }
    }
  }

  /** Releases one delta at the fake and waits until it arrives; records flush-to-arrival. */
  @Benchmark
  public long flushToConsumer() throws InterruptedException {
    gate.release();
    long arrival = arrivals.take();
    long latency = arrival - fake.lastFlushNanos();
    if (measuring && sampleCount < samples.length) {
      samples[sampleCount++] = latency;
    }
    return latency;
  }

  @TearDown(Level.Iteration)
  public void stopStream() throws InterruptedException {
    if (run != null) {
      run.close();
      run = null;
    }
    if (rawReader != null) {
      rawReader.interrupt();
      rawReader.join(5000);
      rawReader = null;
    }
    gate.open();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    long[] s = Arrays.copyOf(samples, sampleCount);
    Arrays.sort(s);
    if (s.length > 0) {
      System.out.printf(
          "%n[flush->%s %s] n=%d p50=%.1f us p90=%.1f us p99=%.1f us max=%.1f us%n",
          path.equals("rawSdk") ? "sdk caller" : "next stage",
          provider,
          s.length,
          s[s.length / 2] / 1e3,
          s[(int) (s.length * 0.9)] / 1e3,
          s[(int) (s.length * 0.99)] / 1e3,
          s[s.length - 1] / 1e3);
    }
    model.close();
    if (geminiClient != null) {
      geminiClient.close();
    }
    if (openAiClient != null) {
      openAiClient.close();
    }
    fake.close();
  }
}
