package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processors.testkit.FakeOpenAiServer;
import dev.processors.testkit.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StreamingGuideTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Whether {@code partial} is an earlier view of {@code full}: the same fields, strings cut short,
   * arrays with fewer or shorter elements, everything else equal.
   */
  static boolean isPrefixOf(JsonNode partial, JsonNode full) {
    if (partial.isTextual()) {
      return full.isTextual() && full.asText().startsWith(partial.asText());
    }
    if (partial.isArray()) {
      if (!full.isArray() || partial.size() > full.size()) {
        return false;
      }
      for (int i = 0; i < partial.size(); i++) {
        boolean last = i == partial.size() - 1;
        if (last ? !isPrefixOf(partial.get(i), full.get(i)) : !partial.get(i).equals(full.get(i))) {
          return false;
        }
      }
      return true;
    }
    if (partial.isObject()) {
      if (!full.isObject()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> f : partial.properties()) {
        if (!full.has(f.getKey()) || !isPrefixOf(f.getValue(), full.get(f.getKey()))) {
          return false;
        }
      }
      return true;
    }
    return partial.equals(full);
  }

  /** Each view strictly grows into the next, and all grow into {@code last}. */
  static void assertGrowing(List<JsonNode> views, JsonNode last) {
    for (int i = 0; i + 1 < views.size(); i++) {
      assertThat(isPrefixOf(views.get(i), views.get(i + 1)))
          .as("view %d %s grows into %s", i, views.get(i), views.get(i + 1))
          .isTrue();
      assertThat(views.get(i)).isNotEqualTo(views.get(i + 1));
    }
    for (JsonNode view : views) {
      assertThat(isPrefixOf(view, last)).as("%s is part of %s", view, last).isTrue();
    }
  }

  @Test
  void showsTheThreeStreamingPatternsFromDeltasToAValidatedObject() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StreamingGuide.Result result;
    List<RecordedRequest> requests;
    try (ExampleModel models = ExampleModel.simulated()) {
      result =
          StreamingGuide.run(
              models, Duration.ofMillis(3), new PrintStream(bytes, true, StandardCharsets.UTF_8));
      requests = models.fakeServer().orElseThrow().requests();
    }
    String printed = bytes.toString(StandardCharsets.UTF_8);

    // 1. text deltas: many small pieces that add up to the answer, printed as they came
    assertThat(result.textDeltas()).hasSizeGreaterThan(10);
    assertThat(String.join("", result.textDeltas())).isEqualTo(StreamingGuide.SIMULATED_HAIKU);
    assertThat(printed).contains("each one lands before the last,");

    // 2. function-call arguments: growing views, then the whole call
    JsonNode arguments = JSON.readTree(StreamingGuide.SIMULATED_ARGUMENTS);
    assertThat(result.partialArguments()).hasSizeGreaterThanOrEqualTo(4);
    assertGrowing(result.partialArguments(), arguments);
    assertThat(result.partialArguments().getLast()).isEqualTo(arguments);
    assertThat(result.call().name()).isEqualTo("get_weather");
    assertThat(result.call().argumentsNode()).isEqualTo(arguments);
    assertThat(requests.get(1).json().at("/tools/0/name").asText()).isEqualTo("get_weather");
    assertThat(printed)
        .contains("building get_weather {\"city\":\"Tokyo\"}")
        .contains("call     get_weather{\"city\":\"Tokyo\",\"unit\":\"celsius\"}");

    // 3. structured output: a progressively filled object, then the validated final one
    JsonNode product = JSON.readTree(StreamingGuide.SIMULATED_PRODUCT);
    assertThat(result.partialObjects()).hasSizeGreaterThanOrEqualTo(8);
    assertGrowing(result.partialObjects(), product);
    assertThat(result.partialObjects().get(result.partialObjects().size() / 2).size())
        .isLessThan(product.size());
    assertThat(result.finalObject()).isEqualTo(product);
    assertThat(result.finalObjectValid()).isTrue();
    assertThat(requests.get(2).json().at("/text/format/type").asText()).isEqualTo("json_schema");
    assertThat(printed).contains("final (valid against the schema");
  }

  @Test
  void runsAgainstAnOpenAiCompatibleServerOverChatCompletions() throws Exception {
    Duration pace = Duration.ofMillis(2);
    try (FakeOpenAiServer server = FakeOpenAiServer.start();
        ExampleModel models =
            ExampleModel.fromEnvironment(
                Map.of("OPENAI_BASE_URL", server.baseUrl(), "OPENAI_MODEL", "local-model"), true)) {
      // a server the user runs: the example does not script it, so this test does
      server.enqueue(
          StreamingGuide.simulatedHaiku(pace),
          StreamingGuide.simulatedCall(pace),
          StreamingGuide.simulatedProduct(pace));
      StreamingGuide.Result result =
          StreamingGuide.run(models, pace, new PrintStream(new ByteArrayOutputStream()));

      assertThat(server.requests())
          .extracting(RecordedRequest::path)
          .containsOnly("/v1/chat/completions");
      assertThat(server.requests().get(0).json().path("model").asText()).isEqualTo("local-model");
      assertThat(String.join("", result.textDeltas())).isEqualTo(StreamingGuide.SIMULATED_HAIKU);
      assertGrowing(result.partialArguments(), result.call().argumentsNode());
      assertThat(result.partialArguments()).hasSizeGreaterThanOrEqualTo(4);
      assertGrowing(result.partialObjects(), result.finalObject());
      assertThat(result.finalObject()).isEqualTo(JSON.readTree(StreamingGuide.SIMULATED_PRODUCT));
      assertThat(result.finalObjectValid()).isTrue();
    }
  }

  @Test
  void prefixCheckRejectsViewsThatAreNotEarlierStates() throws Exception {
    JsonNode full = JSON.readTree("{\"a\":\"abc\",\"b\":[\"x\",\"yz\"]}");
    assertThat(isPrefixOf(JSON.readTree("{\"a\":\"ab\",\"b\":[\"x\",\"y\"]}"), full)).isTrue();
    assertThat(isPrefixOf(JSON.readTree("{\"a\":\"abd\"}"), full)).isFalse();
    assertThat(isPrefixOf(JSON.readTree("{\"b\":[\"\",\"yz\"]}"), full)).isFalse();
    assertThat(isPrefixOf(JSON.readTree("{\"c\":1}"), full)).isFalse();
  }
}
