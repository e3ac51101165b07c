package dev.processors.assistant;

import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code bin/run assistant-service}: the whole service on this machine with nothing set up. It
 * starts its own Redis and RabbitMQ (Debian's packages, 127.0.0.1, temporary directories), the
 * model (offline: the fake OpenAI server, through the real SDK; with {@code OPENAI_API_KEY} or
 * {@code GEMINI_API_KEY}, the real one), and the service with its WebSocket server; sends a short
 * conversation through RabbitMQ while printing the frames a WebSocket client receives; then keeps
 * serving until Ctrl-C ({@code --demo}: stops after the conversation).
 *
 * <p>With one of the CLI's flags ({@code --test-message}, {@code --show-thread-stats}...) it runs
 * that command against the servers the environment names instead (see {@link AssistantCli}).
 */
public final class LocalAssistant {
  private LocalAssistant() {}

  /** The entry point of {@code bin/run assistant-service}. */
  public static void main(String[] args) throws Exception {
    List<String> list = List.of(args);
    boolean demoOnly = list.contains("--demo");
    if (!list.isEmpty() && !demoOnly) {
      int code = AssistantCli.run(args, System.getenv(), System.in, System.out, System.err);
      if (code != 0) {
        throw new IllegalStateException("the command failed (exit code " + code + ")");
      }
      return;
    }
    run(System.getenv(), demoOnly, System.out);
  }

  /**
   * Starts everything with {@code environment} (keys choose a real model; none: offline), runs the
   * demo conversation printing to {@code out} and, unless {@code demoOnly}, keeps serving until the
   * JVM is stopped. Everything started is stopped before returning.
   *
   * @throws AssistantException if Redis or RabbitMQ is not installed or does not start
   */
  public static void run(Map<String, String> environment, boolean demoOnly, PrintStream out)
      throws InterruptedException {
    out.println(
        "assistant-service: starting Redis and RabbitMQ on 127.0.0.1 (RabbitMQ takes ~10 s)");
    boolean offline =
        blank(environment, "OPENAI_API_KEY")
            && blank(environment, "GEMINI_API_KEY")
            && blank(environment, "OPENAI_BASE_URL");
    try (LocalRedis redis = LocalRedis.start();
        LocalRabbitMq rabbit = LocalRabbitMq.start();
        FakeOpenAiServer fake = offline ? FakeOpenAiServer.start() : null) {
      Map<String, String> env = new HashMap<>(environment);
      env.put("REDIS_URL", redis.url());
      env.put("RABBITMQ_URL", rabbit.url());
      if (demoOnly || blank(environment, "WEBSOCKET_URL")) {
        int port = demoOnly ? LocalProcess.freePort() : 8080;
        env.put("WEBSOCKET_URL", "ws://127.0.0.1:" + port + "/ws");
      }
      if (fake != null) {
        fake.defaultTurn(AssistantModels.SIMULATED_ANSWER);
        env.put("OPENAI_BASE_URL", fake.baseUrl());
        env.put("OPENAI_API_KEY", "simulated");
        env.put("OPENAI_MODEL", "gpt-simulated");
      }
      AssistantSettings settings = AssistantSettings.fromEnvironment(env);
      try (AssistantService service =
          AssistantService.builder(settings).environment(env).bindHost("127.0.0.1").build()) {
        out.println("Redis     " + redis.url());
        out.println("RabbitMQ  " + rabbit.url() + " (exchange " + settings.exchange() + ")");
        out.println("WebSocket " + settings.webSocketUrl());
        out.println(
            "model     "
                + (fake != null
                    ? "simulated, offline (fake OpenAI server; set OPENAI_API_KEY or"
                        + " GEMINI_API_KEY)"
                    : service.modelDescription()));
        demo(settings, fake, out);
        if (demoOnly) {
          return;
        }
        out.println();
        out.println("serving; in another terminal, for example:");
        out.println(
            "  RABBITMQ_URL="
                + rabbit.url()
                + " REDIS_URL="
                + redis.url()
                + " WEBSOCKET_URL="
                + settings.webSocketUrl()
                + " bin/run assistant-service --test-message my-channel \"Hello!\"");
        out.println("Ctrl-C stops everything.");
        Runtime.getRuntime().addShutdownHook(new Thread(service::close, "assistant-stop"));
        service.awaitClose();
      }
    }
  }

  private static void demo(AssistantSettings settings, FakeOpenAiServer fake, PrintStream out)
      throws InterruptedException {
    String channel = "demo-" + UUID.randomUUID().toString().substring(0, 8);
    List<String> questions = List.of("Hello! Who are you?", "What's the weather in Lisbon?");
    try (FrameClient client = FrameClient.connect(settings.webSocketUrl());
        MessagePublisher publisher = MessagePublisher.connect(settings)) {
      client.subscribe(channel);
      out.println();
      out.println("a WebSocket client subscribed to channel " + channel + "; ms since publish:");
      for (int i = 0; i < questions.size(); i++) {
        if (fake != null) {
          script(fake, i);
        }
        String id = "msg-" + (i + 1);
        out.println();
        out.println("> " + questions.get(i));
        long start = System.nanoTime();
        publisher.publish(new InboundMessage(channel, id, questions.get(i)));
        while (true) {
          Frame f =
              client
                  .nextFrame(Duration.ofSeconds(60))
                  .orElseThrow(() -> new AssistantException("no frame within 60 s"));
          long ms = (System.nanoTime() - start) / 1_000_000;
          out.printf(
              "%5d ms  %-11s %s%n",
              ms,
              f.status().wire(),
              f.status() == Frame.Status.ERROR
                  ? f.message() + ": " + f.errorDetails().orElse("")
                  : f.message()
                      + (f.isFinal() ? "  (thread_id " + f.threadId().orElse("?") + ")" : ""));
          if (f.isFinal()) {
            break;
          }
        }
      }
    }
  }

  private static void script(FakeOpenAiServer fake, int question) {
    if (question == 0) {
      fake.enqueue(
          FakeTurn.text(
              "[simulated] ",
              "Hi! ",
              "I am an assistant ",
              "streaming through RabbitMQ, ",
              "Redis and WebSocket."));
    } else {
      fake.enqueue(
          FakeTurn.builder().functionCall(WeatherTool.NAME, "{\"city\":\"Lisbon\"}").build(),
          FakeTurn.text(
              "[simulated] ",
              "In Lisbon ",
              "it is mild today; ",
              "see the get_weather result ",
              "above (simulated without OPENWEATHER_API_KEY)."));
    }
  }

  private static boolean blank(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank();
  }
}
