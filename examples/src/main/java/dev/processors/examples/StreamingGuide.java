package dev.processors.examples;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.core.ProcessorRun;
import dev.processors.model.ModelParts;
import dev.processors.model.ToolDeclaration;
import dev.processors.testkit.FakeTurn;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The three patterns of OpenAI's streaming guide, with {@link dev.processors.openai.OpenAiModel}:
 *
 * <ol>
 *   <li><b>Text deltas</b> printed the moment they arrive;
 *   <li><b>function-call arguments</b> shown while they build (progressively complete JSON on the
 *       {@value ModelParts#PARTIAL_SUBSTREAM} substream), then the whole call, which a local
 *       function answers;
 *   <li><b>structured output</b> with a JSON schema, shown as a progressively filled object, then
 *       the final object, validated against the schema.
 * </ol>
 *
 * <p>In the guide each pattern is a loop over raw SSE events with hand-made accumulation; here the
 * model processor does the accumulating and parsing, and the loop only looks at parts. Offline, a
 * fake OpenAI server streams scripted replies (marked {@code [simulated]}) through the real OpenAI
 * SDK; with {@code OPENAI_API_KEY} (or {@code OPENAI_BASE_URL}) set, the real service answers.
 */
public final class StreamingGuide {
  static final String HAIKU_PROMPT = "Write a haiku about streaming.";
  static final String SIMULATED_HAIKU =
      "[simulated] Tokens drift like snow,\neach one lands before the last,\nthe answer unfolds.";

  static final ToolDeclaration WEATHER =
      ToolDeclaration.of(
          "get_weather",
          "The current weather in a city",
          "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"},"
              + "\"unit\":{\"type\":\"string\",\"enum\":[\"celsius\",\"fahrenheit\"]}},"
              + "\"required\":[\"city\",\"unit\"],\"additionalProperties\":false}");
  static final String WEATHER_PROMPT = "What's the weather in Tokyo, in celsius?";
  static final String SIMULATED_ARGUMENTS = "{\"city\":\"Tokyo\",\"unit\":\"celsius\"}";

  /** The guide's ProductAnalysis model as a JSON schema. */
  static final String PRODUCT_SCHEMA =
      "{\"type\":\"object\",\"properties\":{"
          + "\"product_name\":{\"type\":\"string\"},"
          + "\"features\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
          + "\"pros\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
          + "\"cons\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
          + "\"price_range\":{\"type\":\"string\"},"
          + "\"target_audience\":{\"type\":\"string\"}},"
          + "\"required\":[\"product_name\",\"features\",\"pros\",\"cons\",\"price_range\","
          + "\"target_audience\"],\"additionalProperties\":false}";

  static final String PRODUCT_PROMPT =
      "Analyse this product in a few words per item: a smart home security camera.";
  static final String SIMULATED_PRODUCT =
      "{\"product_name\":\"[simulated] Smart home security camera\","
          + "\"features\":[\"2K video\",\"night vision\",\"person alerts\"],"
          + "\"pros\":[\"sharp image\",\"easy setup\"],"
          + "\"cons\":[\"cloud history costs extra\"],"
          + "\"price_range\":\"$80-$120\","
          + "\"target_audience\":\"renters and first-time smart-home buyers\"}";

  /** What the three patterns produced, for checking. */
  record Result(
      List<String> textDeltas,
      List<JsonNode> partialArguments,
      Content.FunctionCall call,
      List<JsonNode> partialObjects,
      JsonNode finalObject,
      boolean finalObjectValid) {}

  private StreamingGuide() {}

  /** Runs the three patterns one after the other, printing as the parts arrive. */
  static Result run(ExampleModel models, Duration pace, PrintStream out) {
    List<String> deltas = textDeltas(models, pace, out);
    List<JsonNode> partialArguments = new ArrayList<>();
    Content.FunctionCall call = functionCallArguments(models, pace, out, partialArguments);
    List<JsonNode> partialObjects = new ArrayList<>();
    ProcessorPart last = structuredOutput(models, pace, out, partialObjects);
    return new Result(
        deltas,
        partialArguments,
        call,
        partialObjects,
        ((Content.Json) last.content()).node(),
        Boolean.TRUE.equals(last.metadata().get(ModelParts.SCHEMA_VALID)));
  }

  /** Pattern 1: print each text delta as it arrives. */
  static List<String> textDeltas(ExampleModel models, Duration pace, PrintStream out) {
    out.println("1. Text deltas, printed as they arrive");
    out.println("   > " + HAIKU_PROMPT);
    Processor model = models.model(ExampleModel.Settings.instruction(""));
    models.simulate(simulatedHaiku(pace));
    List<String> deltas = new ArrayList<>();
    try (ProcessorRun run = model.start(List.of(ProcessorPart.text(HAIKU_PROMPT)))) {
      for (ProcessorPart part : run) {
        if (part.content() instanceof Content.Text t && part.substream().isEmpty()) {
          out.print((deltas.isEmpty() ? "   " : "") + t.text().replace("\n", "\n   "));
          deltas.add(t.text());
          out.flush();
        }
      }
    }
    out.printf("%n   (%d deltas)%n%n", deltas.size());
    return deltas;
  }

  /** Pattern 2: the arguments of a function call while they build, then the call itself. */
  static Content.FunctionCall functionCallArguments(
      ExampleModel models, Duration pace, PrintStream out, List<JsonNode> partials) {
    out.println("2. Function-call arguments as they build");
    out.println("   > " + WEATHER_PROMPT);
    Processor model =
        models.model(
            ExampleModel.Settings.instruction("Use the tools to answer.").withTools(WEATHER));
    models.simulate(simulatedCall(pace));
    Content.FunctionCall call = null;
    try (ProcessorRun run = model.start(List.of(ProcessorPart.text(WEATHER_PROMPT)))) {
      for (ProcessorPart part : run) {
        if (part.substream().equals(ModelParts.PARTIAL_SUBSTREAM)
            && part.content() instanceof Content.Json args) {
          if (!partials.isEmpty() && partials.getLast().equals(args.node())) {
            continue; // a delta that ends inside a token leaves the view as it was
          }
          partials.add(args.node());
          out.println(
              "   building "
                  + part.metadataString(ModelParts.FUNCTION_NAME).orElse("?")
                  + " "
                  + args.json());
        } else if (part.content() instanceof Content.FunctionCall c && call == null) {
          call = c;
          out.println("   call     " + c.name() + c.arguments() + "  (id " + c.id() + ")");
        } else if (part.content() instanceof Content.Text t && part.substream().isEmpty()) {
          out.print(t.text());
        }
      }
    }
    if (call == null) {
      throw new IllegalStateException("the model answered without calling get_weather");
    }
    out.println("   local    get_weather -> " + weather(call.argumentsNode()));
    out.println();
    return call;
  }

  /** The local function the call is wired to (simulated data). */
  static Weather weather(JsonNode arguments) {
    return new Weather(arguments.path("city").asText(), 21, "[simulated] clear");
  }

  /** What the local weather function answers. */
  record Weather(String city, int temperature, String sky) {}

  /**
   * Pattern 3: structured output, shown as a progressively filled object; returns the final part.
   */
  static ProcessorPart structuredOutput(
      ExampleModel models, Duration pace, PrintStream out, List<JsonNode> partials) {
    out.println("3. Structured output, filled in as it streams");
    out.println("   > " + PRODUCT_PROMPT);
    Processor model =
        models.model(
            ExampleModel.Settings.instruction("Answer with JSON only.").withSchema(PRODUCT_SCHEMA));
    models.simulate(simulatedProduct(pace));
    ProcessorPart last = null;
    try (ProcessorRun run = model.start(List.of(ProcessorPart.text(PRODUCT_PROMPT)))) {
      for (ProcessorPart part : run) {
        if (!(part.content() instanceof Content.Json json)) {
          continue;
        }
        if (part.substream().equals(ModelParts.PARTIAL_SUBSTREAM)) {
          partials.add(json.node());
          out.println("   partial " + tail(json.json(), 96));
        } else {
          last = part;
        }
      }
    }
    if (last == null) {
      throw new IllegalStateException("the model produced no structured output");
    }
    out.printf(
        "   final (%s, %d partial views before it):%n",
        Boolean.TRUE.equals(last.metadata().get(ModelParts.SCHEMA_VALID))
            ? "valid against the schema"
            : "NOT validated",
        partials.size());
    JsonNode node = ((Content.Json) last.content()).node();
    node.properties().forEach(f -> out.printf("     %-16s %s%n", f.getKey(), f.getValue()));
    return last;
  }

  /** Offline reply of pattern 1: the haiku word by word. */
  static FakeTurn simulatedHaiku(Duration pace) {
    FakeTurn.Builder turn = FakeTurn.builder();
    for (String word : SIMULATED_HAIKU.split("(?<=[ \\n])")) {
      turn.delay(pace).text(word);
    }
    return turn.build();
  }

  /** Offline reply of pattern 2: a call whose arguments stream in 8 pieces. */
  static FakeTurn simulatedCall(Duration pace) {
    return FakeTurn.builder()
        .delay(pace)
        .functionCall("call_simulated_1", "get_weather", SIMULATED_ARGUMENTS, 8)
        .build();
  }

  /** Offline reply of pattern 3: the JSON object in pieces of 14 characters. */
  static FakeTurn simulatedProduct(Duration pace) {
    FakeTurn.Builder turn = FakeTurn.builder();
    for (String chunk : chunks(SIMULATED_PRODUCT, 14)) {
      turn.delay(pace).text(chunk);
    }
    return turn.build();
  }

  /** {@code s} cut into pieces of {@code size} characters, as a model's deltas would be. */
  static List<String> chunks(String s, int size) {
    List<String> pieces = new ArrayList<>();
    for (int i = 0; i < s.length(); i += size) {
      pieces.add(s.substring(i, Math.min(s.length(), i + size)));
    }
    return pieces;
  }

  /** The end of a long line, where the object grows. */
  private static String tail(String s, int max) {
    return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
  }

  static void main(String[] args) {
    // The guide is about OpenAI's API: a Gemini key alone runs it offline.
    try (ExampleModel models = ExampleModel.fromEnvironment(System.getenv(), true)) {
      try {
        System.out.println("streaming-guide: the three streaming patterns of the OpenAI guide");
        System.out.println("model: " + models.description());
        System.out.println();
        run(models, Duration.ofMillis(60), System.out);
      } catch (RuntimeException e) {
        throw models.explain(e);
      }
    }
  }
}
