package dev.processors.benchmarks.models;

import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.gemini.GenaiModel;
import dev.processors.model.ModelParts;
import dev.processors.model.PartialJson;
import dev.processors.openai.OpenAiModel;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.util.List;

/**
 * Times partial JSON on large streamed values (issue 12.5): an OpenAI function call whose arguments
 * arrive in 20-character deltas, and Gemini structured output in 20-character deltas, each end to
 * end through the SDK against the testkit's fake server; then the bare {@link PartialJson} loop,
 * with {@code nextView()} (what the model processors do) and with the old rule (a {@code
 * snapshot()} after every delta) for comparison. Prints wall time, the number of partial parts and
 * the characters they carry.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.processors.benchmarks.models.PartialJsonHarness [sizes in KB...]} (default 256 4096).
 */
public final class PartialJsonHarness {
  private static final int DELTA = 20;

  private PartialJsonHarness() {}

  public static void main(String[] args) throws Exception {
    int[] sizesKb = args.length == 0 ? new int[] {256, 4096} : parse(args);
    warmUp();
    System.out.println("| path | value | deltas | wall time | partial parts | partial chars |");
    System.out.println("|---|---|---|---|---|---|");
    for (int kb : sizesKb) {
      String json = longStringArgument(kb * 1024);
      openAiFunctionCall(json, true);
      geminiStructuredOutput(json, true);
      bareLoop(json, true, true);
      if (kb <= 256) {
        bareLoop(json, false, true);
      }
    }
  }

  private static int[] parse(String[] args) {
    int[] out = new int[args.length];
    for (int i = 0; i < args.length; i++) {
      out[i] = Integer.parseInt(args[i]);
    }
    return out;
  }

  private static void warmUp() throws Exception {
    String json = longStringArgument(64 * 1024);
    for (int i = 0; i < 3; i++) {
      openAiFunctionCall(json, false);
      geminiStructuredOutput(json, false);
      bareLoop(json, true, false);
    }
  }

  static String longStringArgument(int chars) {
    StringBuilder sb = new StringBuilder("{\"code\":\"");
    while (sb.length() < chars - 2) {
      sb.append("x = x + 1; ");
    }
    sb.setLength(chars - 2);
    return sb.append("\"}").toString();
  }

  private static void openAiFunctionCall(String json, boolean print) throws Exception {
    try (FakeOpenAiServer fake = FakeOpenAiServer.start()) {
      fake.enqueue(
          FakeTurn.builder().functionCall("call_1", "save", json, json.length() / DELTA).build());
      Processor model =
          OpenAiModel.builder().model("gpt-bench").apiKey("bench").baseUrl(fake.baseUrl()).build();
      measure("OpenAI function call arguments", json, model, print);
    }
  }

  private static void geminiStructuredOutput(String json, boolean print) throws Exception {
    try (FakeGeminiServer fake = FakeGeminiServer.start()) {
      fake.enqueue(FakeTurn.builder().json(json, json.length() / DELTA).build());
      Processor model =
          GenaiModel.builder()
              .model("gemini-bench")
              .apiKey("bench")
              .baseUrl(fake.baseUrl())
              .responseSchema(
                  "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"}}}")
              .build();
      measure("Gemini structured output", json, model, print);
    }
  }

  private static void measure(String path, String json, Processor model, boolean print) {
    long start = System.nanoTime();
    long parts = 0;
    long chars = 0;
    boolean complete = false;
    try (ProcessorRun run = model.start(List.of(ProcessorPart.text("go")))) {
      for (ProcessorPart p : run) {
        if (p.substream().equals(ModelParts.PARTIAL_SUBSTREAM)
            && p.content() instanceof Content.Json j) {
          parts++;
          chars += j.json().length();
        } else if (p.content() instanceof Content.FunctionCall
            || p.content() instanceof Content.Json) {
          complete = true;
        }
      }
    }
    long nanos = System.nanoTime() - start;
    if (!complete) {
      throw new IllegalStateException(path + ": the complete value never came");
    }
    if (print) {
      row(path, json, nanos, parts, chars);
    }
  }

  private static void bareLoop(String json, boolean nextView, boolean print) throws Exception {
    long start = System.nanoTime();
    PartialJson partial = new PartialJson();
    long parts = 0;
    long chars = 0;
    for (int i = 0; i < json.length(); i += DELTA) {
      partial.feed(json.substring(i, Math.min(json.length(), i + DELTA)));
      var view = nextView ? partial.nextView() : partial.snapshot();
      if (view.isPresent()) {
        parts++;
        chars += view.get().length();
      }
    }
    partial.finish();
    long nanos = System.nanoTime() - start;
    if (print) {
      row(
          nextView ? "PartialJson, nextView()" : "PartialJson, snapshot() per delta (old rule)",
          json,
          nanos,
          parts,
          chars);
    }
  }

  private static void row(String path, String json, long nanos, long parts, long chars) {
    System.out.printf(
        "| %s | %,d KB | %,d | %,.1f ms | %,d | %,d |%n",
        path, json.length() / 1024, (json.length() + DELTA - 1) / DELTA, nanos / 1e6, parts, chars);
  }
}
