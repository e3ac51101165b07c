package dev.processors.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processors.core.Clock;
import dev.processors.core.Content;
import dev.processors.core.ProcessorPart;
import dev.processors.examples.InflightTools.Entry;
import dev.processors.examples.InflightTools.Kind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class InflightToolsTest {

  private static int indexOf(List<Entry> timeline, Kind kind, String name) {
    for (int i = 0; i < timeline.size(); i++) {
      if (timeline.get(i).kind() == kind && timeline.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int lastDelta(List<Entry> timeline) {
    for (int i = timeline.size() - 1; i >= 0; i--) {
      if (timeline.get(i).kind() == Kind.DELTA) {
        return i;
      }
    }
    return -1;
  }

  @Test
  void toolsStartRightAfterTheirPhraseAndAnswerWhileTheAnswerStillStreams() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Entry> timeline;
    try (ExampleModel models = ExampleModel.simulated()) {
      // 15 ms a word: the weather phrase is followed by ~30 more words (~450 ms), while the
      // tools answer at once, so their results land mid-stream with a wide margin.
      timeline =
          InflightTools.run(
              models,
              new InflightTools.Pace(Duration.ofMillis(15), Duration.ZERO),
              Clock.system(),
              new PrintStream(bytes, true, StandardCharsets.UTF_8));
    }
    String text =
        timeline.stream()
            .filter(e -> e.kind() == Kind.DELTA)
            .map(Entry::detail)
            .collect(Collectors.joining());
    assertThat(text).isEqualTo(InflightTools.SIMULATED_ANSWER);

    int meeting = indexOf(timeline, Kind.TOOL_STARTED, "schedule_meeting");
    int weather = indexOf(timeline, Kind.TOOL_STARTED, "get_weather");
    int end = indexOf(timeline, Kind.ANSWER_COMPLETE, "");
    // each call follows the delta that completed its phrase (the city needs the next word)
    assertThat(timeline.get(meeting - 1).detail()).isEqualTo(" meeting");
    assertThat(timeline.get(weather - 1).detail()).isEqualTo(" for");
    assertThat(timeline.get(weather).detail()).isEqualTo("heard \"weather in Lisbon\"");

    int meetingResult = indexOf(timeline, Kind.TOOL_RESULT, "schedule_meeting");
    int weatherResult = indexOf(timeline, Kind.TOOL_RESULT, "get_weather");
    assertThat(meetingResult).isGreaterThan(meeting);
    assertThat(weatherResult).isGreaterThan(weather);
    assertThat(timeline.get(weatherResult).detail())
        .contains("\"city\":\"Lisbon\"")
        .contains("[simulated weather]");
    // started and answered before the answer's last word, not after it
    assertThat(lastDelta(timeline)).isGreaterThan(Math.max(meetingResult, weatherResult));
    assertThat(end).isEqualTo(timeline.size() - 1);

    String printed = bytes.toString(StandardCharsets.UTF_8);
    assertThat(printed)
        .contains(">> tool schedule_meeting starts (heard \"schedule a meeting\")")
        .contains("<< tool get_weather result {\"city\":\"Lisbon\"")
        .contains("== answer complete")
        .contains("get_weather answered")
        .doesNotContain("after the answer ended");
  }

  @Test
  void weatherIntentWaitsForTheCityNameToEnd() {
    List<ProcessorPart> out =
        InflightTools.intents(Clock.system(), Duration.ZERO)
            .apply(
                List.of(
                    ProcessorPart.text("let me check the weather in Lis"),
                    ProcessorPart.text("bon"),
                    ProcessorPart.text(" today")));
    List<Integer> callAt = new ArrayList<>();
    for (int i = 0; i < out.size(); i++) {
      if (out.get(i).content() instanceof Content.FunctionCall) {
        callAt.add(i);
      }
    }
    // one call, right after " today": the delta that showed the name had ended
    assertThat(callAt).containsExactly(3);
    Content.FunctionCall call = (Content.FunctionCall) out.get(3).content();
    assertThat(call.argumentsNode().path("groups").get(0).asText()).isEqualTo("Lisbon");
    assertThat(out)
        .anySatisfy(
            p ->
                assertThat(p.content())
                    .isInstanceOfSatisfying(
                        Content.FunctionResponse.class,
                        r ->
                            assertThat(r.responseNode().path("city").asText())
                                .isEqualTo("Lisbon")));
  }
}
