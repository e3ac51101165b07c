package dev.processors.examples;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an example by name: {@code bin/run [name] [args...]}. With no name, the main example. {@code
 * bin/run --list} lists them.
 */
public final class Examples {
  /** An example program. */
  @FunctionalInterface
  interface Example {
    void run(String[] args) throws Exception;
  }

  private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();
  private static final Map<String, String> DESCRIPTIONS = new LinkedHashMap<>();

  static {
    register(
        "live-agent",
        "a voice agent with barge-in, live metrics and a report (offline by default)",
        LiveAgent::main);
    register(
        "replay",
        "replays a recorded session (live-agent --record FILE) on a virtual clock, with a diff",
        ReplayCommand::main);
    register(
        "hello-pipeline",
        "a streaming pipeline over a simulated model, offline",
        HelloPipeline::main);
    register(
        "inflight-tools",
        "tools start while the answer still streams, with a timeline",
        InflightTools::main);
    register(
        "streaming-guide",
        "the OpenAI streaming guide: text deltas, call arguments, structured output",
        StreamingGuide::main);
    register(
        "live-commentator",
        "a model comments on events detected in a live stock feed",
        LiveCommentator::main);
    register(
        "assistant-service",
        "the RabbitMQ + Redis + WebSocket assistant service, all started locally (or its CLI)",
        dev.processors.assistant.LocalAssistant::main);
    register(
        "operators",
        "\"accumulate the average price for XYZ\": a validated stream operator from words",
        OperatorsExample::main);
  }

  private Examples() {}

  static void register(String name, String description, Example example) {
    EXAMPLES.put(name, example);
    DESCRIPTIONS.put(name, description);
  }

  /** The entry point of {@code bin/run}. */
  public static void main(String[] args) throws Exception {
    // The WebSocket library logs through SLF4J; without a logger SLF4J warns on start. Quiet.
    System.setProperty("slf4j.internal.verbosity", "ERROR");
    String name = args.length == 0 ? EXAMPLES.keySet().iterator().next() : args[0];
    if (name.equals("--list") || name.equals("--help")) {
      System.out.println("examples (bin/run NAME):");
      DESCRIPTIONS.forEach((n, d) -> System.out.printf("  %-16s %s%n", n, d));
      return;
    }
    Example example = EXAMPLES.get(name);
    if (example == null) {
      System.err.println("error: no example named '" + name + "'; bin/run --list shows them");
      System.exit(2);
    }
    try {
      example.run(args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length));
    } catch (Exception e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      System.err.println("error: " + name + " failed: " + why.replaceAll("\\s*\\R\\s*", " "));
      System.exit(1);
    }
  }
}
