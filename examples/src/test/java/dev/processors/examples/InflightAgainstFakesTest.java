package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.gemini.GenaiModel;
import dev.processors.live.InflightIntents;
import dev.processors.testkit.FakeGeminiServer;
import dev.processors.testkit.FakeTurn;
import dev.processors.testkit.Gate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inflight intents on a real SDK stream from the fake server. */
class InflightAgainstFakesTest {

  @Test
  void theToolStartsBeforeTheFakeModelsStreamEnds() {
    try (FakeGeminiServer fake = FakeGeminiServer.start()) {
      // The rest of the answer is held back until the tool has started: if the tool waited for
      // the end of the answer, this stream would never end.
      Gate toolStarted = Gate.create();
      fake.enqueue(
          FakeTurn.builder()
              .text("Sure, let me check the wea")
              .text("ther in Paris")
              .text(" for you.")
              .awaitRelease(toolStarted)
              .text(" It should be nice.")
              .build());
      Processor model =
          GenaiModel.builder()
              .model("gemini-2.5-flash")
              .apiKey("test-key")
              .baseUrl(fake.baseUrl())
              .build();
      InflightIntents intents =
          InflightIntents.builder()
              .keyword(
                  "get_weather",
                  "the weather in paris",
                  m -> {
                    toolStarted.open();
                    return Map.of("sky", "clear");
                  })
              .build();
      List<ProcessorPart> out = model.andThen(intents).apply("Weather in Paris?");
      List<String> order =
          out.stream()
              .filter(p -> !p.isOutOfBand() && p.substream().isEmpty())
              .map(p -> p.text().orElse(p.content().getClass().getSimpleName()))
              .toList();
      assertThat(order.indexOf("FunctionCall")).isLessThan(order.indexOf(" It should be nice."));
      assertThat(order.indexOf("FunctionResponse")).isGreaterThan(order.indexOf("FunctionCall"));
      assertThat(out).filteredOn(p -> p.content() instanceof Content.FunctionCall).hasSize(1);
    }
  }
}
