package dev.processors.benchmarks.assistant;

import dev.processors.core.Content;
import dev.processors.core.PartJson;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.openai.OpenAiModel;
import dev.processors.serving.PipelineServer;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Load harness for {@code POST /chat} (processors-serving): an {@code OpenAiModel} against the fake
 * OpenAI server at zero latency, served by a {@code PipelineServer}, measured from the client's
 * side (request sent → first text part event, → {@code done}), next to the same model called
 * in-process, which is the model's own latency. Messages per second with several clients.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.processors.benchmarks.assistant.ChatLoad \
 *     [--requests 2000] [--clients 8]
 * </pre>
 */
public final class ChatLoad {
  private ChatLoad() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = AssistantLoad.options(args);
    int requests = Integer.parseInt(opts.getOrDefault("requests", "2000"));
    int clients = Integer.parseInt(opts.getOrDefault("clients", "8"));
    try (FakeOpenAiServer fake = FakeOpenAiServer.start();
        OpenAiModel model =
            OpenAiModel.builder()
                .model("gpt-bench")
                .apiKey("bench")
                .baseUrl(fake.baseUrl())
                .build();
        PipelineServer server = PipelineServer.builder(model).host("127.0.0.1").port(0).build()) {
      fake.defaultTurn(FakeTurn.text("one ", "two ", "three"));
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (int i = 0; i < 500; i++) { // warm up both paths
        direct(model);
        viaChat(http, server);
      }
      List<Long> directFirst = new ArrayList<>();
      List<Long> directLast = new ArrayList<>();
      List<Long> chatFirst = new ArrayList<>();
      List<Long> chatLast = new ArrayList<>();
      for (int i = 0; i < requests; i++) {
        long[] d = direct(model);
        directFirst.add(d[0]);
        directLast.add(d[1]);
        long[] c = viaChat(http, server);
        chatFirst.add(c[0]);
        chatLast.add(c[1]);
      }
      AtomicInteger left = new AtomicInteger(requests);
      List<Thread> threads = new ArrayList<>();
      long start = System.nanoTime();
      for (int t = 0; t < clients; t++) {
        threads.add(
            Thread.ofVirtual()
                .start(
                    () -> {
                      while (left.getAndDecrement() > 0) {
                        try {
                          viaChat(http, server);
                        } catch (Exception e) {
                          throw new IllegalStateException(e);
                        }
                      }
                    }));
      }
      for (Thread t : threads) {
        t.join();
      }
      double perSecond = requests / ((System.nanoTime() - start) / 1e9);
      System.out.println("| path | first text part p50 / p99 ms | end p50 / p99 ms |");
      System.out.println("|---|---|---|");
      System.out.println(
          "| model in-process | " + pct(directFirst) + " | " + pct(directLast) + " |");
      System.out.println("| POST /chat (SSE) | " + pct(chatFirst) + " | " + pct(chatLast) + " |");
      System.out.printf(
          Locale.ROOT, "POST /chat with %d clients: %.0f requests/s%n", clients, perSecond);
    }
  }

  /** Nanoseconds to the first text part and to the end, calling the model in-process. */
  static long[] direct(OpenAiModel model) {
    long start = System.nanoTime();
    long first = -1;
    try (ProcessorRun run = model.start(List.of(ProcessorPart.text("hi")))) {
      for (ProcessorPart p : run) {
        if (first < 0 && p.content() instanceof Content.Text && p.substream().isEmpty()) {
          first = System.nanoTime() - start;
        }
      }
    }
    return new long[] {first, System.nanoTime() - start};
  }

  /** The same through POST /chat: to the first text part event and to {@code done}. */
  static long[] viaChat(HttpClient http, PipelineServer server) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/chat"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"message\":\"hi\"}"))
            .build();
    long start = System.nanoTime();
    long first = -1;
    HttpResponse<java.io.InputStream> response =
        http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (first < 0 && line.startsWith("data:") && line.contains("\"type\":\"text\"")) {
          ProcessorPart p = PartJson.read(line.substring(5));
          if (p.substream().isEmpty()) {
            first = System.nanoTime() - start;
          }
        }
        if (line.startsWith("event:") && line.contains("done")) {
          break;
        }
      }
    }
    return new long[] {first, System.nanoTime() - start};
  }

  static String pct(List<Long> nanos) {
    List<Long> sorted = new ArrayList<>(nanos);
    Collections.sort(sorted);
    double p50 = sorted.get((int) Math.ceil(0.50 * sorted.size()) - 1) / 1e6;
    double p99 = sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1) / 1e6;
    return String.format(Locale.ROOT, "%.2f / %.2f", p50, p99);
  }
}
