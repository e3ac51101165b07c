package dev.processors.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.processors.core.Content;
import dev.processors.core.Processor;
import dev.processors.core.ProcessorPart;
import dev.processors.model.spi.Json;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Tool arguments are checked against the generated schema before a tool runs (issue 12.9). */
class ToolArgumentsTest {

  record WeatherQuery(String city, Optional<String> unit) {}

  record Booking(String title, int minutes) {}

  record Node(String name, List<Node> children) {}

  record Wrapper(Optional<Inner> inner) {}

  record Inner(String label, Wrapper back) {}

  /** Calls {@code tool} with {@code argumentsJson} in round one, then answers "done". */
  private static Processor callingModel(String tool, String argumentsJson) {
    return (in, out) -> {
      List<ProcessorPart> prompt = in.toList();
      if (prompt.get(prompt.size() - 1).content() instanceof Content.FunctionResponse) {
        out.emit(ProcessorPart.text("done").withRole(ProcessorPart.MODEL));
      } else {
        out.emit(ProcessorPart.functionCall("c1", tool, argumentsJson));
      }
    };
  }

  private static Content.FunctionResponse responseOf(List<ProcessorPart> out) {
    return out.stream()
        .filter(p -> p.content() instanceof Content.FunctionResponse)
        .map(p -> (Content.FunctionResponse) p.content())
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aRecursiveRecordIsRefusedWhenTheToolIsAddedNamingTheType() {
    assertThatThrownBy(() -> Tools.builder().add("tree", "a tree", Node.class, n -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Node.class.getName())
        .hasMessageContaining("tree.children")
        .hasMessageContaining("contains itself");
    assertThatThrownBy(() -> Tools.builder().add("wrap", "w", Wrapper.class, w -> 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(Wrapper.class.getName())
        .hasMessageContaining("wrap.inner.back");
  }

  @Test
  void aRecordToolCalledWithNoArgumentsIsNotCalledAndTheModelHearsWhichIsMissing() {
    List<WeatherQuery> calls = new CopyOnWriteArrayList<>();
    Tools tools =
        Tools.builder()
            .add("get_weather", "weather", WeatherQuery.class, q -> calls.add(q))
            .build();
    List<ProcessorPart> out =
        FunctionCalling.builder(callingModel("get_weather", "{}"), tools).build().apply("go");
    assertThat(calls).isEmpty();
    Content.FunctionResponse response = responseOf(out);
    assertThat(response.isError()).isTrue();
    assertThat(response.responseNode().get("error").asText())
        .contains("tool 'get_weather' was not called")
        .contains("city")
        .doesNotContain("unit");
  }

  @Test
  void aMissingRequiredFieldAmongOthersIsNamedAndANullCountsAsMissing() {
    List<Booking> calls = new CopyOnWriteArrayList<>();
    Tools tools = Tools.builder().add("book", "book", Booking.class, calls::add).build();
    List<ProcessorPart> out =
        FunctionCalling.builder(callingModel("book", "{\"title\":null,\"minutes\":30}"), tools)
            .build()
            .apply("go");
    assertThat(calls).isEmpty();
    assertThat(responseOf(out).responseNode().get("error").asText()).contains("title");
  }

  @Test
  void aFractionForAnIntegerArgumentIsRefusedNotTruncated() {
    List<Booking> calls = new CopyOnWriteArrayList<>();
    Tools tools = Tools.builder().add("book", "book", Booking.class, calls::add).build();
    List<ProcessorPart> out =
        FunctionCalling.builder(callingModel("book", "{\"title\":\"x\",\"minutes\":2.9}"), tools)
            .build()
            .apply("go");
    assertThat(calls).isEmpty();
    assertThat(responseOf(out).responseNode().get("error").asText()).contains("minutes");
  }

  @Test
  void optionalArgumentsMayBeLeftOutOrNull() throws Exception {
    List<WeatherQuery> calls = new CopyOnWriteArrayList<>();
    Tools tools =
        Tools.builder()
            .add("get_weather", "weather", WeatherQuery.class, q -> calls.add(q))
            .build();
    tools.call("get_weather", Json.MAPPER.readTree("{\"city\":\"Paris\"}"));
    tools.call("get_weather", Json.MAPPER.readTree("{\"city\":\"Oslo\",\"unit\":null}"));
    tools.call("get_weather", Json.MAPPER.readTree("{\"city\":\"Rome\",\"unit\":\"C\"}"));
    assertThat(calls)
        .containsExactly(
            new WeatherQuery("Paris", Optional.empty()),
            new WeatherQuery("Oslo", Optional.empty()),
            new WeatherQuery("Rome", Optional.of("C")));
  }

  /** A service with annotated parameters: the same checks apply. */
  public static final class Timer {
    final List<Integer> set = new CopyOnWriteArrayList<>();

    @ToolMethod("Sets a timer")
    public String setTimer(@ToolParam("minutes") int minutes) {
      set.add(minutes);
      return "ok";
    }
  }

  @Test
  void annotatedParametersAreCheckedTheSameWay() {
    Timer timer = new Timer();
    Tools tools = Tools.builder().addAll(timer).build();
    assertThatThrownBy(() -> tools.call("setTimer", Json.MAPPER.readTree("{\"minutes\":2.9}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minutes");
    assertThatThrownBy(() -> tools.call("setTimer", Json.MAPPER.readTree("{}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("minutes");
    assertThat(timer.set).isEmpty();
  }
}
