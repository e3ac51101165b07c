package dev.processors.benchmarks.models.stream;

import com.google.genai.ResponseStream;
import com.google.genai.types.GenerateContentResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.responses.ResponseStreamEvent;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.processors.core.Content;
import dev.processors.core.PartStream;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.core.RunOptions;
import java.lang.reflect.Method;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;

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

  /** The clients the benchmark methods use: the measured ones, or during warm-up burst ones. */
  StreamClients c;

  private StreamClients measured;
  private int expected;

  /** Text deltas per answer. */
  abstract int deltas();

  /** Microseconds between the server's events; 0 writes the whole answer at once. */
  abstract int paceMicros();

  /**
   * Starts the server and the clients. A paced benchmark first runs its own contender for {@value
   * #WARMUP_SECONDS} s on burst answers, so that the JIT has compiled the paths the measurement
   * runs: paced answers alone (a few hundred deltas a second) would still be compiling during the
   * measurement, and compiler threads would dominate its CPU time.
   */
  @Setup(Level.Trial)
  public void startServerAndClients(BenchmarkParams params) throws Exception {
    server = BenchServerProcess.start();
    measured = new StreamClients(server.baseUrl(), "bench-n" + deltas() + "-p" + paceMicros());
    if (paceMicros() > 0) {
      String name = params.getBenchmark();
      Method method = getClass().getMethod(name.substring(name.lastIndexOf('.') + 1));
      try (StreamClients burst = new StreamClients(server.baseUrl(), "bench-n1000-p0")) {
        c = burst;
        expected = 1000;
        long end = System.nanoTime() + WARMUP_SECONDS * 1_000_000_000L;
        while (System.nanoTime() < end) {
          method.invoke(this);
        }
      }
    }
    c = measured;
    expected = deltas();
  }

  static final long WARMUP_SECONDS = 20;

  @TearDown(Level.Trial)
  public void stop() throws Exception {
    measured.close();
    server.close();
  }

  // ------------------------------------------------------------------ Chat Completions

  @Benchmark
  public int chat_langchain4j() {
    return expect(langchain4j(c.chatLangchain4j));
  }

  @Benchmark
  public int chat_sdk() {
    return expect(chatSdk());
  }

  @Benchmark
  public int chat_model() throws Exception {
    return expect(direct(c.chatModel));
  }

  @Benchmark
  public int chat_modelRun() {
    return expect(inRun(c.chatModel));
  }

  @Benchmark
  public int chat_lean() throws Exception {
    return expect(direct(c.chatLean));
  }

  @Benchmark
  public int chat_leanRun() {
    return expect(inRun(c.chatLean));
  }

  // ------------------------------------------------------------------ Responses

  @Benchmark
  public int responses_langchain4j() {
    return expect(langchain4j(c.responsesLangchain4j));
  }

  @Benchmark
  public int responses_sdk() {
    int n = 0;
    try (StreamResponse<ResponseStreamEvent> stream =
        c.openAi.responses().createStreaming(c.responsesParams)) {
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
    return expect(direct(c.responsesModel));
  }

  @Benchmark
  public int responses_modelRun() {
    return expect(inRun(c.responsesModel));
  }

  @Benchmark
  public int responses_lean() throws Exception {
    return expect(direct(c.responsesLean));
  }

  @Benchmark
  public int responses_leanRun() {
    return expect(inRun(c.responsesLean));
  }

  // ------------------------------------------------------------------ Gemini

  @Benchmark
  public int gemini_langchain4j() {
    return expect(langchain4j(c.geminiLangchain4j));
  }

  @Benchmark
  public int gemini_sdk() {
    int n = 0;
    try (ResponseStream<GenerateContentResponse> stream =
        c.genai.models.generateContentStream(c.model, "count", null)) {
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
    return expect(direct(c.geminiModel));
  }

  @Benchmark
  public int gemini_modelRun() {
    return expect(inRun(c.geminiModel));
  }

  @Benchmark
  public int gemini_lean() throws Exception {
    return expect(direct(c.geminiLean));
  }

  @Benchmark
  public int gemini_leanRun() {
    return expect(inRun(c.geminiLean));
  }

  // ------------------------------------------------------------------ shared

  int chatSdk() {
    int n = 0;
    try (StreamResponse<ChatCompletionChunk> stream =
        c.openAi.chat().completions().createStreaming(c.chatParams)) {
      Iterator<ChatCompletionChunk> it = stream.stream().iterator();
      while (it.hasNext()) {
        for (ChatCompletionChunk.Choice choice : it.next().choices()) {
          if (choice.delta().content().filter(s -> !s.isEmpty()).isPresent()) {
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
    return inRun(model, RunOptions.defaults());
  }

  static int inRun(Processor model, RunOptions options) {
    int n = 0;
    try (ProcessorRun run = model.start(INPUT, options)) {
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
    if (n != expected) {
      throw new IllegalStateException("expected " + expected + " deltas, counted " + n);
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
