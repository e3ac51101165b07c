package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.model.spi.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FunctionCallingTest {

  record WeatherQuery(String city, Optional<String> unit) {}

  enum Priority {
    LOW,
    HIGH
  }

  /** A service whose annotated methods become tools. */
  public static final class Calendar {
    final List<String> booked = Collections.synchronizedList(new ArrayList<>());

    @ToolMethod("Books a meeting")
    public Map<String, Object> bookMeeting(
        @ToolParam(value = "title", description = "what it is about") String title,
        @ToolParam("minutes") int minutes,
        @ToolParam("priority") Optional<Priority> priority) {
      booked.add(title + "/" + minutes + "/" + priority.orElse(Priority.LOW));
      return Map.of("booked", true);
    }

    @ToolMethod(value = "Fails always", name = "broken")
    public String broken(WeatherQuery q) {
      throw new IllegalStateException("calendar is down");
    }
  }

  /**
   * Calls every tool named in {@code calls} in its first round, then answers with the responses.
   */
  private static final class ToolUsingModel implements Processor {
    final List<List<ProcessorPart>> prompts = Collections.synchronizedList(new ArrayList<>());
    private final List<ProcessorPart> calls;

    ToolUsingModel(ProcessorPart... calls) {
      this.calls = List.of(calls);
    }

    @Override
    public void process(dev.processors.core.PartStream in, dev.processors.core.PartSink out) {
      List<ProcessorPart> prompt = in.toList();
      prompts.add(prompt);
      ProcessorPart last = prompt.get(prompt.size() - 1);
      if (last.content() instanceof Content.FunctionResponse) {
        StringBuilder sb = new StringBuilder("Done:");
        for (ProcessorPart p : prompt) {
          if (p.content() instanceof Content.FunctionResponse r) {
            sb.append(' ').append(r.name()).append('=').append(r.response());
          }
        }
        out.emit(ProcessorPart.text(sb.toString()).withRole(ProcessorPart.MODEL));
      } else {
        out.emitText("Let me check.");
        calls.forEach(out::emit);
      }
    }
  }

  @Test
  void toolsAreExecutedAndTheModelAnswersInTheNextRound() {
    Tools tools =
        Tools.builder()
            .add(
                "get_weather",
                "Weather in a city",
                WeatherQuery.class,
                q -> Map.of("city", q.city(), "sky", "sunny"))
            .build();
    ToolUsingModel model =
        new ToolUsingModel(
            ProcessorPart.functionCall("c1", "get_weather", Map.of("city", "Paris")));
    List<ProcessorPart> out =
        FunctionCalling.builder(model, tools).build().apply("Weather in Paris?");
    assertThat(out)
        .extracting(p -> p.content().getClass().getSimpleName())
        .containsExactly("Text", "FunctionCall", "FunctionResponse", "Text");
    assertThat(out.get(3).text().orElseThrow())
        .startsWith("Done: get_weather=")
        .contains("\"city\":\"Paris\"")
        .contains("\"sky\":\"sunny\"");
    assertThat(model.prompts.get(1)).hasSize(4); // question, "Let me check.", call, response
  }

  @Test
  void annotatedMethodsBecomeToolsWithGeneratedSchemas() throws Exception {
    Calendar calendar = new Calendar();
    Tools tools = Tools.builder().addAll(calendar).build();
    ToolDeclaration book =
        tools.declarations().stream()
            .filter(d -> d.name().equals("bookMeeting"))
            .findFirst()
            .orElseThrow();
    JsonNode schema = Json.MAPPER.readTree(book.parametersSchema());
    assertThat(schema.at("/properties/title/type").asText()).isEqualTo("string");
    assertThat(schema.at("/properties/title/description").asText()).isEqualTo("what it is about");
    assertThat(schema.at("/properties/minutes/type").asText()).isEqualTo("integer");
    assertThat(schema.at("/properties/priority/enum").toString()).isEqualTo("[\"LOW\",\"HIGH\"]");
    assertThat(schema.get("required").toString()).isEqualTo("[\"title\",\"minutes\"]");
    JsonNode weather =
        Json.MAPPER.readTree(
            tools.declarations().stream()
                .filter(d -> d.name().equals("broken"))
                .findFirst()
                .orElseThrow()
                .parametersSchema());
    assertThat(weather.get("required").toString()).isEqualTo("[\"city\"]");

    ToolUsingModel model =
        new ToolUsingModel(
            ProcessorPart.functionCall(
                "a", "bookMeeting", Map.of("title", "standup", "minutes", 15, "priority", "HIGH")),
            ProcessorPart.functionCall("b", "bookMeeting", Map.of("title", "1:1", "minutes", 30)),
            ProcessorPart.functionCall("c", "broken", Map.of("city", "x")),
            ProcessorPart.functionCall("d", "no_such_tool", Map.of()));
    List<ProcessorPart> out =
        FunctionCalling.builder(model, tools).maxConcurrentCalls(2).build().apply("book");
    assertThat(calendar.booked).containsExactlyInAnyOrder("standup/15/HIGH", "1:1/30/LOW");
    List<Content.FunctionResponse> responses =
        out.stream()
            .filter(p -> p.content() instanceof Content.FunctionResponse)
            .map(p -> (Content.FunctionResponse) p.content())
            .toList();
    assertThat(responses)
        .extracting(Content.FunctionResponse::id)
        .containsExactly("a", "b", "c", "d");
    assertThat(responses.get(2).isError()).isTrue();
    assertThat(responses.get(2).response()).contains("calendar is down");
    assertThat(responses.get(3).response()).contains("there is no tool named 'no_such_tool'");
    assertThat(out.get(out.size() - 1).text().orElseThrow()).startsWith("Done:");
  }

  @Test
  void roundsStopAtTheMaximum() {
    AtomicInteger rounds = new AtomicInteger();
    Processor obsessive =
        (in, out) -> {
          in.toList();
          rounds.incrementAndGet();
          out.emit(ProcessorPart.functionCall("x" + rounds.get(), "ping", "{}"));
        };
    Tools tools =
        Tools.builder().add("ping", "ping", "{\"type\":\"object\"}", args -> "pong").build();
    List<ProcessorPart> out =
        FunctionCalling.builder(obsessive, tools).maxRounds(3).build().apply("go");
    assertThat(rounds).hasValue(3);
    // The status part is out-of-band: it may overtake the last responses.
    assertThat(out)
        .filteredOn(ProcessorPart::isOutOfBand)
        .singleElement()
        .satisfies(p -> assertThat(p.text().orElseThrow()).contains("stopped after 3 rounds"));
  }

  @Test
  void badToolDeclarationsAreRejected() {
    assertThatThrownBy(() -> Tools.builder().addAll(new Object()))
        .hasMessageContaining("no public method annotated @ToolMethod");
    assertThatThrownBy(() -> Tools.builder().build()).hasMessageContaining("no tools");
    record Weird(Object thing) {}
    assertThatThrownBy(() -> Tools.builder().add("w", "w", Weird.class, w -> 1))
        .hasMessageContaining("cannot describe java.lang.Object");
  }
}
