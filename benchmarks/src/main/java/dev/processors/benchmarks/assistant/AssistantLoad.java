package dev.processors.benchmarks.assistant;

import dev.processors.assistant.AssistantService;
import dev.processors.assistant.AssistantSettings;
import dev.processors.assistant.Frame;
import dev.processors.assistant.FrameClient;
import dev.processors.assistant.InboundMessage;
import dev.processors.assistant.LocalRabbitMq;
import dev.processors.assistant.LocalRedis;
import dev.processors.assistant.MessagePublisher;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load harness for the assistant service (not JMH: it needs real servers and several JVMs). For 1,
 * 2 and 4 worker JVMs it measures messages per second (a burst published as fast as the broker
 * confirms) and, at a steady publishing rate, the latency from publish to the first frame ({@code
 * started}), to the first piece of the answer, and to the last frame, as a WebSocket client sees
 * them. The model is the fake OpenAI server at zero latency, reached through the real SDK.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.processors.benchmarks.assistant.AssistantLoad \
 *     [--workers 1,2,4] [--warmup 1000] [--burst 2000] [--rate 100] [--paced 1000] [--channels 100]
 * </pre>
 */
public final class AssistantLoad {
  private AssistantLoad() {}

  /** One run's figures. */
  record Figures(
      int workers,
      double messagesPerSecond,
      Percentiles firstFrame,
      Percentiles firstDelta,
      Percentiles lastFrame) {}

  /** p50 and p99 in milliseconds. */
  record Percentiles(double p50, double p99) {
    static Percentiles of(List<Long> nanos) {
      long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
      if (sorted.length == 0) {
        return new Percentiles(Double.NaN, Double.NaN);
      }
      return new Percentiles(at(sorted, 0.50), at(sorted, 0.99));
    }

    private static double at(long[] sorted, double q) {
      int i = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
      return sorted[Math.max(0, i)] / 1e6;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%.2f / %.2f", p50, p99);
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = options(args);
    List<Integer> workers =
        List.of(opts.getOrDefault("workers", "1,2,4").split(",")).stream()
            .map(Integer::parseInt)
            .toList();
    int burst = Integer.parseInt(opts.getOrDefault("burst", "2000"));
    int rate = Integer.parseInt(opts.getOrDefault("rate", "100"));
    int paced = Integer.parseInt(opts.getOrDefault("paced", "1000"));
    int channels = Integer.parseInt(opts.getOrDefault("channels", "100"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1000"));
    PrintStream out = System.out;
    List<Figures> results = new ArrayList<>();
    try (LocalRedis redis = LocalRedis.start();
        LocalRabbitMq rabbit = LocalRabbitMq.start();
        FakeOpenAiServer model = FakeOpenAiServer.start()) {
      model.defaultTurn(FakeTurn.text("one ", "two ", "three"));
      for (int n : workers) {
        Figures f = run(n, redis, rabbit, model, warmup, burst, rate, paced, channels, out);
        results.add(f);
        out.println(f);
      }
    }
    out.println();
    out.println(
        "| worker JVMs | messages/s (burst) | publish → started p50/p99 ms |"
            + " publish → first delta p50/p99 ms | publish → completed p50/p99 ms |");
    out.println("|---|---|---|---|---|");
    for (Figures f : results) {
      out.printf(
          Locale.ROOT,
          "| %d | %.0f | %s | %s | %s |%n",
          f.workers(),
          f.messagesPerSecond(),
          f.firstFrame(),
          f.firstDelta(),
          f.lastFrame());
    }
  }

  static Figures run(
      int workers,
      LocalRedis redis,
      LocalRabbitMq rabbit,
      FakeOpenAiServer model,
      int warmup,
      int burst,
      int rate,
      int paced,
      int channels,
      PrintStream out)
      throws Exception {
    String id = UUID.randomUUID().toString().substring(0, 8);
    Map<String, String> env = new HashMap<>();
    env.put("RABBITMQ_URL", rabbit.url());
    env.put("REDIS_URL", redis.url());
    env.put("EXCHANGE_NAME", "b" + id + "_exchange");
    env.put("QUEUE_NAME", "b" + id + "_queue");
    env.put("ROUTING_KEY", "b" + id + "_key");
    env.put("REDIS_PREFIX", "b" + id + ":");
    env.put("WEBSOCKET_URL", "ws://127.0.0.1:0/ws");
    env.put("OPENAI_API_KEY", "bench");
    env.put("OPENAI_BASE_URL", model.baseUrl());
    env.put("OPENAI_MODEL", "gpt-bench");
    Map<String, String> wsEnv = new HashMap<>(env);
    wsEnv.put("SERVICE_ROLE", "websocket");
    AssistantSettings wsSettings = AssistantSettings.fromEnvironment(wsEnv);
    List<Process> jvms = new ArrayList<>();
    try (AssistantService frames =
        AssistantService.builder(wsSettings).environment(wsEnv).bindHost("127.0.0.1").build()) {
      URI ws = URI.create(frames.frameServer().orElseThrow().url());
      for (int i = 0; i < workers; i++) {
        jvms.add(startWorker(env));
      }
      AssistantSettings settings = wsSettings.withWebSocketUrl(ws);
      try (MessagePublisher publisher = MessagePublisher.connect(settings)) {
        Recorder warm = new Recorder(ws, channels);
        drive(publisher, warm, channels, warmup, 0);
        warm.awaitAll(warmup, Duration.ofMinutes(5));
        warm.close();
        Recorder burstRun = new Recorder(ws, channels);
        long start = System.nanoTime();
        drive(publisher, burstRun, channels, burst, 0);
        long elapsed = burstRun.awaitAll(burst, Duration.ofMinutes(5)) - start;
        burstRun.close();
        double perSecond = burst / (elapsed / 1e9);
        Recorder pacedRun = new Recorder(ws, channels);
        drive(publisher, pacedRun, channels, paced, rate);
        pacedRun.awaitAll(paced, Duration.ofMinutes(5));
        pacedRun.close();
        return new Figures(
            workers,
            perSecond,
            Percentiles.of(pacedRun.latencies(Frame.Status.STARTED)),
            Percentiles.of(pacedRun.latencies(Frame.Status.IN_PROGRESS)),
            Percentiles.of(pacedRun.latencies(Frame.Status.COMPLETED)));
      }
    } finally {
      for (Process p : jvms) {
        p.destroy();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** Publishes {@code count} messages round-robin over the channels; {@code rate} 0: no pacing. */
  static void drive(MessagePublisher publisher, Recorder rec, int channels, int count, int rate)
      throws InterruptedException {
    long interval = rate == 0 ? 0 : 1_000_000_000L / rate;
    long next = System.nanoTime();
    for (int i = 0; i < count; i++) {
      if (interval > 0) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        next += interval;
      }
      String channel = "ch" + (i % channels);
      String messageId = rec.run + "-" + i;
      rec.published.put(messageId, System.nanoTime());
      publisher.publishWithoutWaiting(new InboundMessage(channel, messageId, "question " + i));
    }
    publisher.awaitConfirms();
  }

  /** WebSocket clients for every channel, recording when each message's frames arrive. */
  static final class Recorder implements AutoCloseable {
    final String run = UUID.randomUUID().toString().substring(0, 6);
    final Map<String, Long> published = new ConcurrentHashMap<>();
    final Map<String, Long> started = new ConcurrentHashMap<>();
    final Map<String, Long> delta = new ConcurrentHashMap<>();
    final Map<String, Long> completed = new ConcurrentHashMap<>();
    final AtomicLong done = new AtomicLong();
    volatile long lastCompletion;
    final List<FrameClient> clients = new ArrayList<>();
    final List<Thread> readers = new ArrayList<>();

    Recorder(URI ws, int channels) {
      for (int c = 0; c < channels; c++) {
        FrameClient client = FrameClient.connect(ws);
        client.subscribe("ch" + c);
        clients.add(client);
        readers.add(Thread.ofVirtual().start(() -> read(client)));
      }
    }

    private void read(FrameClient client) {
      try {
        while (true) {
          var f = client.nextFrame(Duration.ofSeconds(600));
          if (f.isEmpty()) {
            return;
          }
          long now = System.nanoTime();
          String id = f.get().messageId().orElse("");
          if (!id.startsWith(run)) {
            continue;
          }
          switch (f.get().status()) {
            case STARTED -> started.putIfAbsent(id, now);
            case IN_PROGRESS -> delta.putIfAbsent(id, now);
            case COMPLETED, ERROR -> {
              completed.putIfAbsent(id, now);
              lastCompletion = now;
              done.incrementAndGet();
            }
            default -> {}
          }
        }
      } catch (InterruptedException | RuntimeException e) {
        // closed
      }
    }

    long awaitAll(int count, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (done.get() < count) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("only " + done.get() + " of " + count + " answered");
        }
        Thread.sleep(5);
      }
      return lastCompletion;
    }

    List<Long> latencies(Frame.Status status) {
      Map<String, Long> at =
          switch (status) {
            case STARTED -> started;
            case IN_PROGRESS -> delta;
            default -> completed;
          };
      List<Long> out = new ArrayList<>();
      published.forEach(
          (id, t) -> {
            Long seen = at.get(id);
            if (seen != null) {
              out.add(seen - t);
            }
          });
      return out;
    }

    @Override
    public void close() {
      clients.forEach(FrameClient::close);
      readers.forEach(Thread::interrupt);
    }
  }

  static Process startWorker(Map<String, String> env) throws Exception {
    Path log = Files.createTempFile("assistant-bench-worker", ".log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                "dev.processors.assistant.AssistantCli")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putAll(env);
    pb.environment().put("SERVICE_ROLE", "worker");
    Process p = pb.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.readString(log).contains("assistant service running")) {
      if (!p.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("worker did not start:\n" + Files.readString(log));
      }
      Thread.sleep(50);
    }
    return p;
  }

  static Map<String, String> options(String[] args) {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
    }
    return opts;
  }
}
