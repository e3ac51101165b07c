package dev.processors.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.operators.Attempt;
import dev.processors.operators.GeneratedOperator;
import dev.processors.operators.OperatorGenerator;
import dev.processors.operators.OperatorModels;
import dev.processors.operators.OperatorStage;
import dev.processors.operators.SpecModel;
import dev.processors.operators.Ticks;
import dev.processors.operators.WarpDownlink;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.FakeTurn;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/run operators "accumulate the average price for XYZ" [--warp ws://host:port]}: a
 * request in plain words becomes a validated operator (shown with every attempt of the validation
 * loop) running on a live stream of ticks, printing a summary per value. With {@code
 * OPENAI_API_KEY} (or {@code GEMINI_API_KEY}) a real model writes the spec; without, a scripted
 * fake OpenAI server does, and its first answer is deliberately wrong so the loop shows. The ticks
 * are generated offline, or come from a SwimOS value downlink {@code /stock/SYMBOL} with {@code
 * --warp}.
 */
final class OperatorsExample {
  private static final ObjectMapper JSON = new ObjectMapper();

  private OperatorsExample() {}

  static void main(String[] args) throws Exception {
    List<String> words = new ArrayList<>();
    Optional<URI> warp = Optional.empty();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--warp") && i + 1 < args.length) {
        warp = Optional.of(URI.create(args[++i]));
      } else {
        words.add(args[i]);
      }
    }
    String request =
        words.isEmpty() ? "accumulate the average price for XYZ" : String.join(" ", words);
    String symbol = symbolIn(request);
    System.out.println("request: " + request + "   (symbol " + symbol + ")");

    FakeOpenAiServer fake = null;
    SpecModel model;
    if (System.getenv("OPENAI_API_KEY") != null) {
      model =
          OperatorModels.openAi("gpt-4.1-mini", System.getenv("OPENAI_API_KEY"), Optional.empty());
      System.out.println("model: OpenAI gpt-4.1-mini");
    } else if (System.getenv("GEMINI_API_KEY") != null) {
      model =
          OperatorModels.gemini(
              "gemini-2.5-flash", System.getenv("GEMINI_API_KEY"), Optional.empty());
      System.out.println("model: Gemini gemini-2.5-flash");
    } else {
      fake = FakeOpenAiServer.start();
      ScriptedSpecs.enqueueFor(request, fake);
      model = OperatorModels.openAi("gpt-4.1-mini", "offline", Optional.of(fake.baseUrl()));
      System.out.println(
          "model: offline, a scripted fake OpenAI server (set OPENAI_API_KEY for a real one)");
    }
    try {
      OperatorGenerator generator =
          OperatorGenerator.builder()
              .model(model)
              .backoff(Duration.ofMillis(200), Duration.ofSeconds(4))
              .onAttempt(OperatorsExample::show)
              .build();
      GeneratedOperator generated = generator.generate(request);
      System.out.println("\nspec:\n" + generated.operator().spec().toPrettyJson());
      OperatorStage stage = OperatorStage.create();
      stage.install(generated.operator());
      System.out.println("\nrunning summaries:");
      if (warp.isPresent()) {
        try (WarpDownlink downlink =
                WarpDownlink.builder()
                    .uri(warp.get())
                    .node("/stock/" + symbol)
                    .lane("status")
                    .open();
            ProcessorRun run = stage.start(downlink)) {
          run.forEach(p -> print(symbol, p));
        }
      } else {
        try (ProcessorRun run =
            stage.start(Ticks.of(symbol, 25, Duration.ofMillis(100), Clock.system()))) {
          run.forEach(p -> print(symbol, p));
        }
      }
    } finally {
      model.close();
      if (fake != null) {
        fake.close();
      }
    }
  }

  private static void show(Attempt attempt) {
    System.out.printf(
        "%nattempt %d: %s%n", attempt.number(), attempt.accepted() ? "accepted" : "rejected");
    if (!attempt.answer().isEmpty()) {
      System.out.println("  answer: " + attempt.answer().replaceAll("\\s+", " "));
    }
    attempt.error().ifPresent(e -> System.out.println("  fed back: " + e.replace("\n", "\n    ")));
    if (!attempt.backoff().isZero()) {
      System.out.println("  retrying in " + attempt.backoff().toMillis() + " ms");
    }
  }

  private static void print(String symbol, ProcessorPart part) {
    if (part.content() instanceof Content.Json json && json.node().has("result")) {
      JsonNode n = json.node();
      System.out.printf(
          Locale.ROOT,
          "%s #%-3s price %-8s -> %s: %s%s%n",
          symbol,
          n.at("/value/seq").asText(),
          n.at("/value/price").asText(),
          n.get("operator").asText(),
          n.get("result"),
          n.has("state") ? "   state " + n.get("state") : "");
    } else if (part.content() instanceof Content.Json json) {
      System.out.println(symbol + " kept: " + json.node()); // a filter passes the value itself
    } else {
      part.text().ifPresent(t -> System.out.println("  [" + t + "]"));
    }
  }

  private static String symbolIn(String request) {
    Matcher m = Pattern.compile("\\b[A-Z]{2,5}\\b").matcher(request);
    String symbol = "XYZ";
    while (m.find()) {
      symbol = m.group();
    }
    return symbol;
  }

  /** The offline model's answers: a first answer with a type error, then a valid spec. */
  static final class ScriptedSpecs {
    private ScriptedSpecs() {}

    static void enqueueFor(String request, FakeOpenAiServer fake) {
      String r = request.toLowerCase(Locale.ROOT);
      String valid;
      if (r.contains("above") || r.contains("only") || r.contains("over")) {
        valid =
            spec(
                "filter",
                "prices_above",
                "keeps prices above a threshold",
                "[{\"name\":\"threshold\",\"type\":\"double\",\"value\":" + number(r, 100) + "}]",
                "\"expression\":\"value.price > params.threshold\"");
      } else if (r.contains("euro") || r.contains("rate")) {
        valid =
            spec(
                "map",
                "price_in_euros",
                "converts the price at a rate",
                "[{\"name\":\"rate\",\"type\":\"double\",\"value\":" + number(r, 0.92) + "}]",
                "\"expression\":\"value.price * params.rate\"");
      } else {
        String builtin =
            r.contains("vwap")
                ? "{\"name\":\"vwap\",\"field\":\"price\",\"weightField\":\"volume\"}"
                : r.contains("max")
                    ? "{\"name\":\"max\",\"field\":\"price\"}"
                    : r.contains("min")
                        ? "{\"name\":\"min\",\"field\":\"price\"}"
                        : r.contains("ewma")
                            ? "{\"name\":\"ewma\",\"field\":\"price\",\"alpha\":0.3}"
                            : r.contains("sum")
                                ? "{\"name\":\"sum\",\"field\":\"price\"}"
                                : r.contains("count")
                                    ? "{\"name\":\"count\",\"field\":\"price\"}"
                                    : null;
        valid =
            builtin != null
                ? spec("accumulate", "price_summary", request, "[]", "\"builtin\":" + builtin)
                : spec(
                    "accumulate",
                    "average_price",
                    "running average of the price",
                    "[]",
                    "\"state\":[{\"name\":\"sum\",\"type\":\"double\",\"initial\":\"0.0\"},"
                        + "{\"name\":\"count\",\"type\":\"int\",\"initial\":\"0\"}],"
                        + "\"update\":[{\"field\":\"sum\",\"expression\":\"acc.sum + value.price\"},"
                        + "{\"field\":\"count\",\"expression\":\"acc.count + 1\"}],"
                        + "\"summary\":\"acc.sum / double(acc.count)\"");
      }
      // the kind of mistake models make: mixing int and double in CEL
      String wrong =
          valid.contains("\"summary\"")
              ? valid.replace("acc.sum / double(acc.count)", "acc.sum / acc.count")
              : valid.replace("\"params\":", "\"parameters\":");
      fake.enqueue(
          FakeTurn.builder().json(wrong, 4).build(), FakeTurn.builder().json(valid, 4).build());
    }

    private static String spec(
        String kind, String name, String description, String params, String body) {
      String empty =
          kind.equals("accumulate") && body.contains("builtin")
              ? ",\"state\":[],\"update\":[]"
              : kind.equals("accumulate") ? "" : ",\"state\":[],\"update\":[]";
      return "{\"kind\":\""
          + kind
          + "\",\"name\":\""
          + name
          + "\",\"description\":"
          + JSON.valueToTree(description)
          + ",\"params\":"
          + params
          + empty
          + ","
          + body
          + "}";
    }

    private static String number(String request, double otherwise) {
      Matcher m = Pattern.compile("(\\d+(?:\\.\\d+)?)").matcher(request);
      return m.find() ? m.group(1) : String.valueOf(otherwise);
    }
  }
}
